import { index } from "./index.mjs";

export async function search(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = [];
  for (const page of await index()) {
    if (words.every((w) => page.text.includes(w))) {
      hits.push(page);
    }
  }
  return hits;
}
