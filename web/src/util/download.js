// Saves a protected file (CSV, .xlsx) fetched with the session's token under `name`.
import {fetchBlob} from '../api/client.js';

export async function download(url, name) {
  const blob = await fetchBlob(url);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 5000);
}
