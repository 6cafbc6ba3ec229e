// Reference data that rarely changes, loaded once per session and shared by every page.
import {shallowRef} from 'vue';

import {api} from '../api/client.js';

const categories = shallowRef(null);
const departments = shallowRef(null);
let categoriesPromise = null;
let departmentsPromise = null;

export function useCategories() {
  if (!categoriesPromise) {
    categoriesPromise = api.categories()
                            .then((r) => {
                              categories.value = r.items;
                              return r.items;
                            })
                            .catch((e) => {
                              categoriesPromise = null;
                              throw e;
                            });
  }
  return {categories, ready: categoriesPromise};
}

export function useDepartments() {
  if (!departmentsPromise) {
    departmentsPromise = api.departments()
                             .then((r) => {
                               departments.value = r.items;
                               return r.items;
                             })
                             .catch((e) => {
                               departmentsPromise = null;
                               throw e;
                             });
  }
  return {departments, ready: departmentsPromise};
}

// After an import the cached copies are stale.
export function forgetCatalog() {
  categoriesPromise = null;
  departmentsPromise = null;
  categories.value = null;
  departments.value = null;
}
