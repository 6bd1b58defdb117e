// Site search for the works theme, loaded only by the search page
// (layouts/_default/search.html). It reads the static index the build writes
// to /search/<lang>/: the manifest first, then only the term chunks for the
// words typed and the metadata chunks of the results shown. The format, the
// folding, the stemming, the near spellings and the ranking are specified in
// internal/search (search.go, fold.go, stem.go, near.go); this file repeats
// them, and internal/e2e/search_test.go checks that it folds, stems and
// judges near spellings exactly as the Go code does. No dependencies, no
// cookies, no other host.
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

  // dropped is fold.go's vowel rule: in the text spelled out, an "e" right
  // after "a" or "o" and an "a" right after "a" go, so that æ, ae and a
  // meet, as do ø, oe and o, and å, aa and a. last is the letter before,
  // dropped or not.
  const dropped = (last, c) => (c === 'e' && (last === 'a' || last === 'o')) || (c === 'a' && last === 'a');

  // fold is search.Fold: code point by code point, lower-case, a combining
  // ring after "a" becomes "a", other combining marks U+0300–U+036F go, the
  // table spells out the rest, and the vowel rule drops what it drops.
  // Lower-casing takes the first code point of toLowerCase, which is what
  // Go's unicode.ToLower gives (İ → i, where toLowerCase adds a combining
  // dot); the browser test compares the two for every code point of the
  // first two planes.
  function fold(s) {
    let out = '';
    let prev = ''; // the last code point lower-cased, for the ring
    let last = ''; // the last letter spelled out, for the vowel rule
    for (const ch of s) {
      const r = String.fromCodePoint(ch.toLowerCase().codePointAt(0));
      const c = r.codePointAt(0);
      let spelled = r;
      if (c >= 0x80) {
        if (c === 0x30a && prev === 'a') spelled = 'a';
        else if (c >= 0x300 && c <= 0x36f) spelled = '';
        else spelled = FOLD.get(r) ?? r;
      }
      for (const l of spelled) {
        if (!dropped(last, l)) out += l;
        last = l;
      }
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

  // stem is search.Stem (stem.go): Norwegian loses the endings of the
  // plural and the definite form, English those of the plural; lengths are
  // in code points.
  const language = (lang) => String(lang).split(/[-_]/)[0].toLowerCase();
  const NORWEGIAN = new Set(['nb', 'nn', 'no']);
  const norwegianEnding = (w) => /(?:a|e|er|en|et)$/.test(w);
  function stem(lang, w) {
    const l = language(lang);
    let n = [...w].length;
    if (NORWEGIAN.has(l)) {
      if (n > 4 && w.endsWith('s') && norwegianEnding(w.slice(0, -1))) {
        w = w.slice(0, -1);
        n--;
      }
      if (n > 5 && w.endsWith('ene')) return w.slice(0, -3);
      if (n > 4 && /(?:er|en|et)$/.test(w)) return w.slice(0, -2);
      if (n > 3 && /[ae]$/.test(w)) return w.slice(0, -1);
    } else if (l === 'en') {
      if (n > 4 && w.endsWith('ies') && !/[ae]ies$/.test(w)) return `${w.slice(0, -3)}y`;
      if (n > 4 && /(?:sses|xes|ches|shes)$/.test(w)) return w.slice(0, -2);
      if (n > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
    }
    return w;
  }

  // forms is search.Forms: the stem s, then s with each ending whose stem
  // is s (and for English -y, -ies).
  const ENDINGS = {
    nb: ['a', 'as', 'e', 'es', 'en', 'ens', 'ene', 'enes', 'er', 'ers', 'et', 'ets', 's'],
    en: ['es', 's'],
  };
  function forms(lang, s) {
    const l = NORWEGIAN.has(language(lang)) ? 'nb' : language(lang);
    const out = [s];
    for (const e of ENDINGS[l] || []) {
      const f = s + e;
      if (stem(lang, f) === s) out.push(f);
    }
    if (l === 'en' && s.endsWith('y')) {
      const f = `${s.slice(0, -1)}ies`;
      if (stem(lang, f) === s) out.push(f);
    }
    return out;
  }

  // near is search.Near (near.go): the term t begins with w typed with one
  // letter wrong, extra, missing or swapped with the next, at the first
  // letter where they differ; an edit of w's last letter counts only
  // against a whole term. Code points, not UTF-16 units.
  const MIN_NEAR = 5; // search.MinNear
  const NEAR_CHUNKS = 2; // search.NearChunks
  function near(w, t) {
    const a = [...w];
    const b = [...t];
    const n = a.length;
    let i = 0;
    while (i < n && i < b.length && a[i] === b[i]) i++;
    if (i === n) return false;
    // begins(x, from) says whether b from x on begins with a from `from` on.
    const begins = (x, from) => {
      if (b.length - x < n - from) return false;
      for (let k = 0; from + k < n; k++) if (b[x + k] !== a[from + k]) return false;
      return true;
    };
    const last = i === n - 1;
    return (i < b.length && begins(i + 1, i + 1) && (!last || b.length === n)) // wrong
      || (begins(i, i + 1) && (!last || b.length === i)) // extra
      || (i < b.length && begins(i + 1, i)) // missing
      || (i + 1 < n && i + 1 < b.length && a[i] === b[i + 1] && a[i + 1] === b[i] && begins(i + 2, i + 2)); // swapped
  }

  // For the browser test, which compares fold and terms with the Go code.
  window.worksSearch = { fold, terms, stem, forms, near };

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
  // The manifest, with the prefixes that have a prefix key as a set.
  let manifestP = null;
  function manifest() {
    manifestP ??= get(manifestURL.href).then((m) => {
      if (m.version !== 3) throw new Error(`search index version ${m.version}`);
      m.keyed = new Set(m.prefixes);
      return m;
    });
    manifestP.catch(() => { manifestP = null; });
    return manifestP;
  }

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

  // range names the chunks that may hold keys with prefix w: the one where
  // w lies and the next ones whose start begins with w.
  function range(m, w) {
    const names = [];
    for (let j = chunk(m, w); j >= 0 && j < m.terms.length && (names.length === 0 || m.terms[j][0].startsWith(w)); j++) {
      names.push(m.terms[j][1]);
    }
    return names;
  }

  // decode reads a posting list into got, ORing each page's mask (and
  // exact) into got[id]. Plain loops over typed arrays, no callbacks: this
  // runs on the first query before the engine has compiled much.
  const DIGIT = new Int8Array(128).fill(-1);
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((ch, i) => { DIGIT[ch.charCodeAt(0)] = i; });
  function decode(s, got, exact) {
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
      const mask = n % 64;
      id += (n - mask) / 64 + 1;
      got[id] |= mask | exact;
      n = 0;
      unit = 1;
    }
  }

  // sortedKeys returns a term chunk's keys in order, sorted once per chunk,
  // so that the terms with a prefix are found by binary search. (An object's
  // keys do not keep the file's order: integer-like ones such as "2026" come
  // first.)
  const keysOf = new WeakMap();
  function sortedKeys(ch) {
    let keys = keysOf.get(ch);
    if (!keys) {
      keys = Object.keys(ch).sort();
      keysOf.set(ch, keys);
    }
    return keys;
  }

  // lowerBound returns the first index of sorted keys not below w.
  function lowerBound(keys, w) {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < w) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // typed ORs into got (indexed by page id) one query word's field masks as
  // typed: the prefix key's list where the index has one, else the masks of
  // every term with the prefix, with the exact bit for the word itself. The
  // manifest says which, so the chunks a word needs are fetched at once.
  async function typed(m, w, got) {
    const key = `${w}*`;
    if (m.keyed.has(w)) {
      const i = chunk(m, key);
      if (i < 0) return;
      const list = (await get(m.terms[i][1]))[key];
      if (typeof list === 'string') {
        decode(list, got, 0);
        return;
      }
    }
    for (const ch of await Promise.all(range(m, w).map(get))) {
      const keys = sortedKeys(ch);
      for (let j = lowerBound(keys, w); j < keys.length && keys[j].startsWith(w); j++) {
        if (!keys[j].endsWith('*')) decode(ch[keys[j]], got, keys[j] === w ? 1 : 0);
      }
    }
  }

  // otherForms ORs into got the masks of the word's other forms: the forms
  // of its stem that do not begin with it, each a key looked up in the
  // chunk where it lies, fetched along with the word's own chunks. The
  // forms found go into found, to be marked.
  async function otherForms(m, w, got, found) {
    const keys = forms(m.lang, stem(m.lang, w)).filter((f) => !f.startsWith(w));
    const chunks = await Promise.all(keys.map((f) => {
      const i = chunk(m, f);
      return i < 0 ? null : get(m.terms[i][1]);
    }));
    keys.forEach((f, j) => {
      const list = chunks[j]?.[f];
      if (typeof list === 'string') {
        decode(list, got, 0);
        found.add(f);
      }
    });
  }

  // nearSpellings ORs into got the masks of the terms near the word, from
  // the chunks of its shortest prefix that lie in at most NEAR_CHUNKS
  // chunks, and adds them to found.
  async function nearSpellings(m, w, got, found) {
    const letters = [...w];
    for (let k = 1; k < letters.length; k++) {
      const p = letters.slice(0, k).join('');
      const names = range(m, p);
      if (names.length > NEAR_CHUNKS) continue;
      for (const ch of await Promise.all(names.map(get))) {
        const keys = sortedKeys(ch);
        for (let j = lowerBound(keys, p); j < keys.length && keys[j].startsWith(p); j++) {
          if (!keys[j].endsWith('*') && near(w, keys[j])) {
            decode(ch[keys[j]], got, 0);
            found.add(keys[j]);
          }
        }
      }
      return;
    }
  }

  // matches returns one query word's field masks by page id, as typed and
  // in other forms, or where neither finds a page and the word is long
  // enough, its near spellings: a second round trip, whose chunks are most
  // often among those fetched already. The terms found other than as typed
  // go into found.
  async function matches(m, w, found) {
    const got = new Uint8Array(m.pages);
    await Promise.all([typed(m, w, got), otherForms(m, w, got, found)]);
    if ([...w].length < MIN_NEAR) return got;
    for (let id = 0; id < got.length; id++) if (got[id]) return got;
    await nearSpellings(m, w, got, found);
    return got;
  }

  // rank returns the ids of the pages that match every word, best first: by
  // the sum of the words' masks, then by id (newer first). Scores are small
  // integers, so a counting sort does it in two passes over the pages.
  function rank(m, lists) {
    const n = m.pages;
    const k = lists.length;
    const score = new Uint32Array(n);
    const start = new Uint32Array(63 * k + 2); // by score: how many, then where they go
    let count = 0;
    for (let id = 0; id < n; id++) {
      let s = 0;
      let j = 0;
      for (; j < k; j++) {
        const mask = lists[j][id];
        if (!mask) break;
        s += mask;
      }
      if (j === k) {
        score[id] = s;
        start[s]++;
        count++;
      }
    }
    let at = 0;
    for (let s = start.length - 1; s > 0; s--) {
      const c = start[s];
      start[s] = at;
      at += c;
    }
    const ids = new Int32Array(count);
    for (let id = 0; id < n; id++) {
      if (score[id]) ids[start[score[id]]++] = id;
    }
    return ids;
  }

  // highlight appends text to parent, each word that starts with a query
  // word marked as far as the query word goes ("Grü" of "Gründeriet" for
  // "gru"), and each word that is one of the terms in also (another form of
  // a query word, or a near spelling) marked whole.
  const PARTS = /([\p{L}\p{N}\p{M}]+)/u;
  function highlight(parent, s, words, also) {
    s.split(PARTS).forEach((part, i) => {
      const folded = i % 2 ? fold(part) : '';
      let want = 0;
      for (const w of words) if (w.length > want && folded.startsWith(w)) want = w.length;
      if (!want && folded && also.has(folded)) want = folded.length;
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

  function item(meta, words, also) {
    const link = element('a');
    link.href = meta.url;
    highlight(link, meta.title, words, also);
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
      highlight(p, meta.summary, words, also);
      li.append(p);
    }
    return li;
  }

  // say announces a message; functions as replacements keep a "$" in the
  // query from being read as a pattern.
  function say(template, count, query) {
    status.textContent = template.replace('{count}', () => numberFormat.format(count)).replace('{query}', () => query);
  }

  // The current search: its query, words, the terms found other than as
  // typed, ranked ids and how many are shown.
  let current = { query: '', words: [], also: new Set(), ids: new Int32Array(0), shown: 0 };

  // results yields the items of the results from..from+PAGE of a search,
  // in order, each as soon as its metadata and that of those before it has
  // come: the metadata chunks are fetched all at once, and the ten results
  // mostly lie in ten of them, which arrive one by one. It stops when a
  // newer search begins.
  async function* results({ words, also, ids }, from, run) {
    const page = Array.from(ids.subarray(from, from + PAGE));
    if (!page.length) return;
    const m = await manifest();
    const chunks = page.map((id) => get(`${m.meta}-${Math.floor(id / m.metaSize)}.json`));
    for (let i = 0; i < page.length; i++) {
      const chunk = await chunks[i];
      if (run !== latest) return;
      yield item(chunk[page[i] % m.metaSize], words, also);
    }
  }

  // show makes found the current search, with its first item (if any) in
  // the list, and announces it.
  function show(found, items) {
    current = found;
    list.replaceChildren(...items);
    current.shown = items.length;
    more.hidden = true;
    const { query, words, ids } = found;
    if (!query) {
      status.textContent = '';
    } else if (!words.length) {
      status.textContent = text.short;
    } else if (!ids.length) {
      say(text.none, 0, query);
    } else {
      say(ids.length === 1 ? text.countOne : text.countOther, ids.length, query);
    }
  }

  // Searches run one at a time, each as soon as it is asked for: a query
  // typed while another is running waits for it to stop, and only the newest
  // waits. A search that is no longer the newest stops at its next step, so
  // it costs no work after its fetches; the files it fetched stay for the
  // next. Without a pause between keystrokes, what a person sees after the
  // last one is the time the search itself takes.
  let latest = 0; // the number of the newest search asked for
  let waiting = null; // the newest search, while another runs
  let running = false;

  function ask(query, since) {
    waiting = { query, since, run: ++latest };
    if (running) return;
    running = true;
    (async () => {
      while (waiting) {
        const w = waiting;
        waiting = null;
        await search(w.query, w.since, w.run);
      }
      running = false;
    })();
  }

  // search answers a query. The old results stay until the first new one
  // is ready, so the list does not flicker while someone types; the rest
  // follow as their metadata comes. It records the time from since (the
  // input event) to all results in the page as the performance measure
  // works:search, with the time to the first result and the steps.
  async function search(query, since, run) {
    const t0 = performance.now();
    let [t1, t2, t3] = [t0, t0, t0];
    const words = terms(query);
    query = query.trim();
    if (query !== (new URLSearchParams(location.search).get('q') || '')) {
      history.replaceState(history.state, '', query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    }
    try {
      const found = { query, words, also: new Set(), ids: new Int32Array(0), shown: 0 };
      if (words.length) {
        const m = await manifest();
        t1 = performance.now();
        const lists = await Promise.all(words.map((w) => matches(m, w, found.also)));
        if (run !== latest) return;
        t2 = performance.now();
        found.ids = rank(m, lists);
        t3 = performance.now();
      }
      let first = 0;
      for await (const li of results(found, 0, run)) {
        if (!first) {
          show(found, [li]);
          first = performance.now();
        } else {
          list.append(li);
          found.shown++;
        }
      }
      if (run !== latest) return;
      if (!first) {
        show(found, []);
        first = performance.now();
      }
      more.hidden = found.shown >= found.ids.length;
      const end = performance.now();
      const start = Math.min(since, t0);
      const ms = (a, b) => Math.round((b - a) * 10) / 10;
      performance.measure('works:search', {
        start,
        end,
        detail: {
          query,
          results: found.ids.length,
          firstResult: ms(start, first),
          // where the time went, in ms: before the search began, waiting
          // for the manifest, fetching term chunks, ranking, until the first
          // result was in the page, until all were
          steps: { wait: ms(since, t0), manifest: ms(t0, t1), terms: ms(t1, t2), rank: ms(t2, t3), first: ms(t3, first), rest: ms(first, end) },
        },
      });
    } catch (err) {
      if (run !== latest) return;
      status.textContent = text.error;
      console.warn('search:', err);
    }
  }

  input.addEventListener('input', (ev) => ask(input.value, ev.timeStamp));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ask(input.value, ev.timeStamp);
  });
  more.addEventListener('click', async () => {
    try {
      const found = current;
      let first = null;
      for await (const li of results(found, found.shown, latest)) {
        list.append(li);
        found.shown++;
        first ??= li;
      }
      if (found !== current) return;
      more.hidden = found.shown >= found.ids.length;
      first?.querySelector('a').focus();
    } catch (err) {
      status.textContent = text.error;
      console.warn('search:', err);
    }
  });

  form.hidden = false;
  const q = new URLSearchParams(location.search).get('q') || input.value;
  if (q) {
    input.value = q;
    ask(q, performance.now());
  } else {
    // Fetch the manifest now, before the first query needs it: this page is
    // for searching, and the manifest is small. Should that fail, reaching
    // the search box tries again.
    const warm = () => { manifest().catch(() => {}); };
    warm();
    input.addEventListener('focus', warm);
  }
})();
