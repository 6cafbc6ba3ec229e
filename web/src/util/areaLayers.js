// Loads the polygons to draw for an area: itself and the levels below down to the unit grids
// (a street: its communities and all their grids; a district: its streets).
import {api} from '../api/client.js';

async function mapLimited(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return out;
}

export async function loadAreaLayers(code) {
  const area = await api.area(code, true);
  if (area.level === 'grid') return {area, layers: [area], grids: [area]};
  const children = (await api.children(code, true)).items;
  if (area.level === 'community') return {area, layers: [area, ...children], grids: children};
  if (area.level === 'street') {
    // One request per community: the API has no "all grids of a street" endpoint.
    const lists =
        await mapLimited(children, 4, (c) => api.children(c.code, true).then((r) => r.items));
    const grids = lists.flat();
    return {area, layers: [area, ...children, ...grids], grids};
  }
  return {area, layers: [area, ...children], grids: []};
}
