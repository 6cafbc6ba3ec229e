// One list fetched from the API together with its loading and error state, as a page's
// LoadState needs them. `load()` fetches again (retry, after an import).
import { ref } from 'vue';

export function useLoad(fetchItems) {
  const items = ref([]);
  const loading = ref(true);
  const error = ref(null);
  async function load() {
    error.value = null;
    try {
      items.value = await fetchItems();
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }
  load();
  return { items, loading, error, load };
}
