// The search page: state in the URL (q, sort, page, filters), results from /api/search.
// Safety: every text from the API is inserted as text; the one HTML field (snippet, escaped
// by the server with <mark>) is rebuilt node by node so only <mark> can ever become markup.
'use strict';

const PAGE_SIZE = 10;
// FACETS (URL/API parameter -> facet name in the response, and its heading) comes from
// /facets.js, which the server writes from its facet table (core/facet_table.cpp).
const FLAG_NAMES = { '新': '新規', '拡': '拡充', '再': '再掲', '再掲': '再掲', '括': '一括', '新※': '新規※' };
const SHOWN_VALUES = 8;

const $ = (id) => document.getElementById(id);

// el('a', {href: x, class: 'y'}, 'text', child): a DOM element; strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return node;
}

// The server's snippet (escaped text + <mark>) as DOM nodes: text stays text, <mark> stays mark.
function snippetNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = [];
  for (const n of doc.body.childNodes) {
    if (n.nodeType === Node.ELEMENT_NODE && n.tagName === 'MARK') out.push(el('mark', {}, n.textContent));
    else out.push(document.createTextNode(n.textContent));
  }
  return out;
}

function readState() {
  const p = new URLSearchParams(location.search);
  const state = { q: p.get('q') || '', sort: p.get('sort') || 'relevance', page: 1, filters: {} };
  const page = parseInt(p.get('page') || '1', 10);
  if (Number.isFinite(page) && page >= 1 && page <= 1000) state.page = page;
  if (!['relevance', 'city', 'year', 'name'].includes(state.sort)) state.sort = 'relevance';
  for (const f of FACETS) state.filters[f.param] = p.getAll(f.param).filter((v) => v !== '');
  return state;
}

function stateQuery(state, { page = true } = {}) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  for (const f of FACETS) for (const v of state.filters[f.param]) p.append(f.param, v);
  if (page && state.page > 1) p.set('page', String(state.page));
  return p;
}

function apiParams(state, { without } = {}) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  p.set('sort', state.sort);
  for (const f of FACETS) {
    if (f.param === without) continue;
    for (const v of state.filters[f.param]) p.append(f.param, v);
  }
  return p;
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    const err = new Error((body && body.detail) || `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

let current = readState();
let generation = 0;  // ignore answers to searches that were superseded

function go(state, { push = true } = {}) {
  current = state;
  const qs = stateQuery(state).toString();
  const url = qs ? `/?${qs}` : '/';
  if (push && url !== location.pathname + location.search) history.pushState(null, '', url);
  render();
}

async function render() {
  const state = current;
  const mine = ++generation;
  $('q').value = state.q;
  $('sort').value = state.sort;
  document.title = state.q ? `「${state.q}」の検索結果 - 市の計画 事業さがし` : '市の計画 事業さがし';
  $('status').textContent = '検索中…';
  const params = apiParams(state);
  params.set('offset', String((state.page - 1) * PAGE_SIZE));
  params.set('limit', String(PAGE_SIZE));
  // A facet with ticked values shows the counts it would have without its own filter, so
  // further values stay selectable (OR within a facet).
  const ticked = FACETS.filter((f) => state.filters[f.param].length > 0);
  try {
    const [resp, ...others] = await Promise.all([
      getJson(`/api/search?${params}`),
      ...ticked.map((f) => {
        const p = apiParams(state, { without: f.param });
        p.set('limit', '0');
        return getJson(`/api/search?${p}`);
      }),
    ]);
    if (mine !== generation) return;
    const facets = Object.assign({}, resp.facets);
    ticked.forEach((f, i) => { facets[f.facet] = others[i].facets[f.facet] || []; });
    showResults(state, resp);
    showFacets(state, facets);
  } catch (e) {
    if (mine !== generation) return;
    $('hits').replaceChildren();
    $('pager').replaceChildren();
    $('notice').hidden = true;
    $('status').textContent = e.status === 503
      ? '索引を準備中です。しばらくしてから再度お試しください。'
      : `検索できませんでした: ${e.message}`;
  }
}

function showResults(state, resp) {
  const total = resp.total;
  const first = total === 0 ? 0 : resp.offset + 1;
  const last = resp.offset + resp.results.length;
  const about = resp.total_exact ? '' : '約';
  const what = state.q ? `「${state.q}」の検索結果` : 'すべての事業';
  $('status').textContent = total === 0
    ? `${what}: 見つかりませんでした。語を減らすか、絞り込みを解除してください。`
    : `${what}: ${about}${total}件中 ${first}〜${last}件目`;
  const notice = $('notice');
  notice.hidden = !resp.relaxed;
  notice.textContent = resp.relaxed
    ? (resp.relaxation === 'bigram'
      ? 'すべての語を含む事業がないため、語の一部が一致する事業を表示しています。'
      : 'すべての語を含む事業が少ないため、いずれかの語を含む事業も表示しています。'
        + (resp.expanded.length
          ? `上位の事業に共通する語（${resp.expanded.slice(0, 6).join('、')}${resp.expanded.length > 6 ? ' など' : ''}）でも探しています。`
          : ''))
    : '';
  $('hits').replaceChildren(...resp.results.map((hit) => hitItem(hit, { related: true })));
  showPager(state, total);
}

function recordMeta(r) {
  const meta = el('p', { class: 'meta' },
    el('span', { class: 'city' }, r.city),
    el('span', { class: 'doc' }, `${r.document.title}（${r.document.year}年度）`));
  return meta;
}

function hitItem(hit, { related }) {
  const r = hit;
  const id = `hit-${r.id}`;
  const flags = (r.flags || []).map((f) => el('span', { class: `flag flag-${f === '新' ? 'new' : f === '拡' ? 'up' : 'other'}`, title: FLAG_NAMES[f] || f }, f));
  const head = el('h2', { class: 'name', id }, r.name, flags.length ? ' ' : null, flags);
  const path = [r.goal.goal, r.goal.policy, r.goal.measure].filter((x) => x).join(' › ');
  const item = el('li', { class: 'hit', 'aria-labelledby': id },
    recordMeta(r),
    head,
    path ? el('p', { class: 'goal' }, path) : null,
    el('p', { class: 'snippet' }, snippetNodes(hit.snippet || '')),
    (r.departments || []).length
      ? el('p', { class: 'depts' }, el('span', { class: 'label' }, '担当課: '), r.departments.join('、') + (r.departments_more ? ' ほか' : ''))
      : null,
    r.budget ? el('p', { class: 'budget' }, el('span', { class: 'label' }, '予算: '), r.budget.text) : null,
    indicatorTable(r),
    el('p', { class: 'source' }, el('span', { class: 'label' }, '出典: '),
      `${r.document.title} ${r.source.line}行目`, el('span', { class: 'file' }, ` (${r.source.origin || r.source.file})`)),
  );
  if (related) {
    const box = el('div', { class: 'related', id: `rel-${r.id}`, hidden: true });
    const button = el('button', {
      type: 'button', class: 'link related-toggle', 'aria-expanded': 'false', 'aria-controls': `rel-${r.id}`,
      onclick: () => toggleRelated(r, button, box),
    }, '他の市の関連事業');
    item.append(el('p', { class: 'actions' }, button), box);
  }
  return item;
}

// 須坂市 施策 pages carry indicators (name, current value, target).
function indicatorTable(r) {
  const ind = r.indicators || [];
  if (!ind.length) return null;
  return el('table', { class: 'indicators' },
    el('caption', {}, '指標'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '指標名'), el('th', { scope: 'col' }, '現状値'), el('th', { scope: 'col' }, '目標値'))),
    el('tbody', {}, ind.map((i) => el('tr', {},
      el('th', { scope: 'row' }, i.name, i.kind ? el('span', { class: 'kind' }, ` ${i.kind}`) : null),
      el('td', {}, i.current, i.current_year ? el('span', { class: 'year' }, ` (${i.current_year})`) : null),
      el('td', {}, i.target)))));
}

// Why a related project is listed: each channel of the fused ranking that linked it, with the
// words, characters, headings or department function it saw (strongest first).
const REASON_LABELS = {
    terms: '共通の語',
    name: '名前が類似',
    text: '内容が類似',
    heading: '同じ施策の見出し',
    department: '担当課の分野',
};

function relatedReasons(reasons) {
    if (!reasons.length) return null;
    return el(
        'ul', {class: 'reasons', 'aria-label': '関連の理由'},
        reasons.map(
            (x) =>
                el('li', {class: `reason reason-${x.channel}`},
                   el('span', {class: 'channel'}, `${REASON_LABELS[x.channel] || x.channel}:`),
                   x.terms.length ? ` ${x.terms.join('、')}` : null)));
}

async function toggleRelated(r, button, box) {
  const open = button.getAttribute('aria-expanded') === 'true';
  button.setAttribute('aria-expanded', String(!open));
  box.hidden = open;
  if (open || box.dataset.loaded) return;
  box.replaceChildren(el('p', { class: 'status' }, '関連事業を探しています…'));
  try {
    const resp = await getJson(`/api/projects/${encodeURIComponent(r.id)}/related?limit=5`);
    box.dataset.loaded = '1';
    box.replaceChildren(
        el('h3', {}, `「${r.name}」に関連する他の市の事業`),
        resp.results.length ?
            el('ol', {class: 'related-list'},
               resp.results.map(
                   (h) =>
                       el('li', {}, el('span', {class: 'city'}, h.city), ' ',
                          el('a', {href: `/?${new URLSearchParams({q: h.name, city: h.city})}`},
                             h.name),
                          el('span', {class: 'doc'}, ` — ${h.document.title} ${h.source.line}行目`),
                          relatedReasons(h.reasons || [])))) :
            el('p', {}, '他の市に関連する事業は見つかりませんでした。'));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'status' }, `関連事業を取得できませんでした: ${e.message}`));
  }
}

function showFacets(state, facets) {
  const groups = FACETS.map((f) => {
    const selected = state.filters[f.param];
    const values = (facets[f.facet] || []).slice();
    // Ticked values stay visible even when nothing matches them any more.
    for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
    if (!values.length) return null;
    const box = (v, i) => {
      const cid = `f-${f.param}-${i}`;
      const input = el('input', {
        type: 'checkbox', id: cid, name: f.param, value: v.value, checked: selected.includes(v.value),
        onchange: (ev) => {
          const next = structuredClone(current);
          const list = next.filters[f.param];
          if (ev.target.checked) list.push(v.value);
          else next.filters[f.param] = list.filter((x) => x !== v.value);
          next.page = 1;
          go(next);
        },
      });
      return el('li', {}, input, el('label', { for: cid }, el('span', { class: 'value' }, v.value), el('span', { class: 'count' }, String(v.count))));
    };
    const shown = values.filter((v, i) => i < SHOWN_VALUES || selected.includes(v.value));
    const rest = values.filter((v, i) => !(i < SHOWN_VALUES || selected.includes(v.value)));
    return el('fieldset', { class: `facet facet-${f.param}` },
      el('legend', {}, f.title),
      el('ul', {}, shown.map((v) => box(v, values.indexOf(v)))),
      rest.length ? el('details', { class: 'more' }, el('summary', {}, `ほか ${rest.length}件`),
        el('ul', {}, rest.map((v) => box(v, values.indexOf(v))))) : null);
  });
  $('facets').replaceChildren(...groups.filter((g) => g));
  $('clear-filters').hidden = !FACETS.some((f) => state.filters[f.param].length);
}

function showPager(state, total) {
  const pages = Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(10000 / PAGE_SIZE));
  const pager = $('pager');
  if (pages <= 1) {
    pager.replaceChildren();
    return;
  }
  const link = (page, text, label) => {
    const s = structuredClone(state);
    s.page = page;
    const a = el('a', { href: `/?${stateQuery(s)}`, 'aria-label': label }, text);
    a.addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
      ev.preventDefault();
      go(s);
      $('results').focus();
    });
    return a;
  };
  const items = [];
  if (state.page > 1) items.push(link(state.page - 1, '‹ 前へ', '前のページ'));
  const from = Math.max(1, state.page - 2);
  const to = Math.min(pages, from + 4);
  for (let p = from; p <= to; p++) {
    items.push(p === state.page
      ? el('span', { class: 'current', 'aria-current': 'page' }, String(p))
      : link(p, String(p), `${p}ページ目`));
  }
  if (state.page < pages) items.push(link(state.page + 1, '次へ ›', '次のページ'));
  pager.replaceChildren(el('ul', {}, items.map((i) => el('li', {}, i))));
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = structuredClone(current);
    next.q = $('q').value.trim();
    next.page = 1;
    go(next);
  });
  $('sort').addEventListener('change', () => {
    const next = structuredClone(current);
    next.sort = $('sort').value;
    next.page = 1;
    go(next);
  });
  $('clear-filters').addEventListener('click', () => {
    const next = structuredClone(current);
    for (const f of FACETS) next.filters[f.param] = [];
    next.page = 1;
    go(next);
  });
  if (window.matchMedia('(max-width: 760px)').matches) $('facets-box').open = false;
  window.addEventListener('popstate', () => {
    current = readState();
    render();
  });
  render();
});
