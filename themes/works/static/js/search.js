// Site search for the works theme, loaded only by the search page
// (layouts/_default/search.html). It reads the static index the build writes
// to /search/<lang>/: the manifest first, then only the term chunks for the
// words typed and the metadata chunks of the results shown. The format, the
// folding and the ranking are specified in internal/search (search.go and
// fold.go); this file repeats them, and internal/e2e/search_test.go checks
// that it folds exactly as the Go code does. No dependencies, no cookies, no
// other host.
(() => {
  'use strict';

  // fold.go's table: letters spelled out in plain a–z (æ→ae, ø→o, å→aa) and
  // accented Latin letters without their accents.
  const FOLD = new Map();
  for (const [plain, letters] of Object.entries({
    ae: 'æ', aa: 'å', ss: 'ß', oe: 'œ', th: 'þ', l: 'ł',
    a: 'àáâãäāăą', c: 'çćč', d: 'ðđď', e: 'èéêëēėęě', g: 'ğ', i: 'ıìíîïīį',
    n: 'ñńň', o: 'øòóôõöōő', r: 'ř', s: 'śšş', t: 'ťţ', u: 'ùúûüūůűų', y: 'ýÿ', z: 'źżž',
  })) {
    for (const ch of letters) FOLD.set(ch, plain);
  }

  // fold is search.Fold: code point by code point, lower-case, a combining
  // ring after "a" becomes "a", other combining marks U+0300–U+036F go, the
  // table spells out the rest. Lower-casing takes the first code point of
  // toLowerCase, which is what Go's unicode.ToLower gives (İ → i, where
  // toLowerCase adds a combining dot); the browser test compares the two
  // for every code point of the first two planes.
  function fold(s) {
    let out = '';
    let prev = '';
    for (const ch of s) {
      const r = String.fromCodePoint(ch.toLowerCase().codePointAt(0));
      const c = r.codePointAt(0);
      if (c < 0x80) out += r;
      else if (c === 0x30a && prev === 'a') out += 'a';
      else if (c < 0x300 || c > 0x36f) out += FOLD.get(r) ?? r;
      prev = r;
    }
    return out;
  }

  // terms is search.Terms: the folded words, runs of letters and digits of
  // 2 to 40 code points.
  const WORD = /[\p{L}\p{Nd}]+/gu;
  function terms(s) {
    return (fold(s).match(WORD) || []).filter((w) => {
      const n = [...w].length;
      return n >= 2 && n <= 40;
    });
  }

  // For the browser test, which compares fold and terms with the Go code.
  window.worksSearch = { fold, terms };

  const form = document.getElementById('search');
  if (!form) return;
  const input = document.getElementById('search-input');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const more = document.getElementById('search-more');
  const text = form.dataset;
  const manifestURL = new URL(text.index, location.href);
  const PAGE = 10; // results shown at a time: the first query's budget counts on it
  const dateFormat = new Intl.DateTimeFormat(text.locale, { day: 'numeric', month: 'long', year: 'numeric' });
  const numberFormat = new Intl.NumberFormat(text.locale);

  // Fetched files by name; a failed fetch is forgotten so it can be retried.
  const files = new Map();
  function get(name) {
    let p = files.get(name);
    if (!p) {
      p = fetch(new URL(name, manifestURL)).then((r) => {
        if (!r.ok) throw new Error(`${r.status} ${r.url}`);
        return r.json();
      });
      p.catch(() => files.delete(name));
      files.set(name, p);
    }
    return p;
  }
  const manifest = () => get(manifestURL.href).then((m) => {
    if (m.version !== 1) throw new Error(`search index version ${m.version}`);
    return m;
  });

  // chunk returns the index in m.terms of the chunk where key lies: the last
  // whose start is ≤ key.
  function chunk(m, key) {
    let lo = 0;
    let hi = m.terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (m.terms[mid][0] > key) hi = mid;
      else lo = mid + 1;
    }
    return lo - 1;
  }

  // decode reads a posting list, calling fn(id, mask) for each page.
  const DIGIT = new Int8Array(128).fill(-1);
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((ch, i) => { DIGIT[ch.charCodeAt(0)] = i; });
  function decode(s, fn) {
    let id = -1;
    let n = 0;
    let unit = 1;
    for (let i = 0; i < s.length; i++) {
      const v = DIGIT[s.charCodeAt(i)];
      if (v >= 32) {
        n += (v - 32) * unit;
        unit *= 32;
        continue;
      }
      n += v * unit;
      id += Math.floor(n / 64) + 1;
      fn(id, n % 64);
      n = 0;
      unit = 1;
    }
  }

  // matches returns, for one query word, each page's field mask (0: no
  // match), indexed by page id: the prefix key's list where the index has
  // one, else the masks of every term with the prefix ORed, with the exact
  // bit for the word itself. Arrays by id, not maps, keep a query over ten
  // thousand pages to a few milliseconds.
  async function matches(m, w) {
    const got = new Uint8Array(m.pages);
    const i = chunk(m, `${w}*`);
    if (i < 0) return got;
    const prefixed = (await get(m.terms[i][1]))[`${w}*`];
    if (typeof prefixed === 'string') {
      decode(prefixed, (id, mask) => { got[id] = mask; });
      return got;
    }
    const names = [];
    for (let j = chunk(m, w); j < m.terms.length && (names.length === 0 || m.terms[j][0].startsWith(w)); j++) {
      names.push(m.terms[j][1]);
    }
    for (const ch of await Promise.all(names.map(get))) {
      for (const key of Object.keys(ch)) {
        if (!key.startsWith(w) || key.endsWith('*')) continue;
        const exact = key === w ? 1 : 0;
        decode(ch[key], (id, mask) => { got[id] |= mask | exact; });
      }
    }
    return got;
  }

  // rank returns the ids of the pages that match every word, best first: by
  // the sum of the words' masks, then by id (newer first). Each page becomes
  // one number, (worst score − score) · pages + id, so a plain numeric sort
  // orders them.
  async function rank(m, words) {
    const n = m.pages;
    const score = new Uint32Array(n);
    const hits = new Uint16Array(n);
    for (const got of await Promise.all(words.map((w) => matches(m, w)))) {
      for (let id = 0; id < n; id++) {
        if (got[id]) {
          hits[id]++;
          score[id] += got[id];
        }
      }
    }
    const worst = 64 * words.length;
    const keys = [];
    for (let id = 0; id < n; id++) {
      if (hits[id] === words.length) keys.push((worst - score[id]) * n + id);
    }
    return Array.from(Float64Array.from(keys).sort(), (k) => k % n);
  }

  async function metadata(m, ids) {
    const wanted = [...new Set(ids.map((id) => Math.floor(id / m.metaSize)))];
    const chunks = new Map(await Promise.all(wanted.map(async (k) => [k, await get(m.meta[k])])));
    return ids.map((id) => chunks.get(Math.floor(id / m.metaSize))[id % m.metaSize]);
  }

  // highlight appends text to parent, each word that starts with a query
  // word marked as far as the query word goes ("Grü" of "Gründeriet" for
  // "gru").
  const PARTS = /([\p{L}\p{N}\p{M}]+)/u;
  function highlight(parent, s, words) {
    s.split(PARTS).forEach((part, i) => {
      const folded = i % 2 ? fold(part) : '';
      let want = 0;
      for (const w of words) if (w.length > want && folded.startsWith(w)) want = w.length;
      if (!want) {
        parent.append(part);
        return;
      }
      let end = 0;
      for (const ch of part) {
        end += ch.length;
        if (fold(part.slice(0, end)).length >= want) break;
      }
      while (end < part.length && /\p{M}/u.test(part[end])) end++;
      const mark = document.createElement('mark');
      mark.textContent = part.slice(0, end);
      parent.append(mark, part.slice(end));
    });
  }

  function element(tag, className, ...children) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    e.append(...children);
    return e;
  }

  function item(meta, words) {
    const link = element('a');
    link.href = meta.url;
    highlight(link, meta.title, words);
    const li = element('li', '', element('h2', '', link));
    const info = [];
    if (meta.section) info.push(meta.section);
    if (meta.date) {
      const [y, mo, d] = meta.date.split('-').map(Number);
      const time = element('time', '', dateFormat.format(new Date(y, mo - 1, d)));
      time.dateTime = meta.date;
      info.push(time);
    }
    if (info.length) li.append(element('p', 'search-meta', ...info.flatMap((x, i) => (i ? [' · ', x] : [x]))));
    if (meta.summary) {
      const p = element('p', 'search-summary');
      highlight(p, meta.summary, words);
      li.append(p);
    }
    return li;
  }

  // say announces a message; functions as replacements keep a "$" in the
  // query from being read as a pattern.
  function say(template, count, query) {
    status.textContent = template.replace('{count}', () => numberFormat.format(count)).replace('{query}', () => query);
  }

  // The current search: its query, words, ranked ids and how many are shown.
  let current = { query: '', words: [], ids: [], shown: 0 };
  let latest = 0;
  let timer = 0;

  // show appends the next results, unless a newer search has begun.
  async function show(from, run) {
    const { words, ids } = current;
    const metas = await metadata(await manifest(), ids.slice(from, from + PAGE));
    if (run !== latest) return [];
    const items = metas.map((meta) => item(meta, words));
    list.append(...items);
    current.shown = from + items.length;
    more.hidden = current.shown >= ids.length;
    return items;
  }

  async function search(query) {
    const run = ++latest;
    const start = performance.now();
    const words = terms(query);
    query = query.trim();
    if (query !== (new URLSearchParams(location.search).get('q') || '')) {
      history.replaceState(history.state, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    }
    try {
      const ids = words.length ? await rank(await manifest(), words) : [];
      if (run !== latest) return;
      list.replaceChildren();
      more.hidden = true;
      current = { query, words, ids, shown: 0 };
      if (!query) {
        status.textContent = '';
      } else if (!words.length) {
        status.textContent = text.short;
      } else if (!ids.length) {
        say(text.none, 0, query);
      } else {
        await show(0, run);
        if (run !== latest) return;
        say(ids.length === 1 ? text.countOne : text.countOther, ids.length, query);
      }
      performance.measure('works:search', { start, detail: { query, results: ids.length } });
    } catch (err) {
      if (run !== latest) return;
      status.textContent = text.error;
      console.warn('search:', err);
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 100);
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener('click', async () => {
    try {
      const items = await show(current.shown, latest);
      if (items.length) items[0].querySelector('a').focus();
    } catch (err) {
      status.textContent = text.error;
      console.warn('search:', err);
    }
  });

  form.hidden = false;
  const q = new URLSearchParams(location.search).get('q') || input.value;
  if (q) {
    input.value = q;
    search(q);
  } else {
    manifest().catch(() => {}); // warm the cache while someone types
  }
})();
