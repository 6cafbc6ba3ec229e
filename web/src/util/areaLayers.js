// Loads the polygons to draw for an area: itself and the levels below down to the unit grids
// (a street: its communities and all their grids; a district: its streets).
import {api} from '../api/client.js';

export async function loadAreaLayers(code) {
  const area = await api.area(code, true);
  if (area.level === 'grid') return {area, layers: [area], grids: [area]};
  if (area.level === 'street') {
    // Communities and every grid of the street: two requests, not one per community.
    const [children, grids] = await Promise.all([
      api.children(code, true).then((r) => r.items),
      api.grids(code, true).then((r) => r.items),
    ]);
    return {area, layers: [area, ...children, ...grids], grids};
  }
  const children = (await api.children(code, true)).items;
  if (area.level === 'community') return {area, layers: [area, ...children], grids: children};
  return {area, layers: [area, ...children], grids: []};
}
