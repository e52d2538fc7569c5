// The search box of the web edition (templates/partials/search.hbs). Runs the Pagefind
// index written with the site (pagefind/): results as section title, issue month and an
// excerpt with the terms marked, each linking to the section at the match. Without
// JavaScript the box stays hidden and a note says that search needs it.
const boxes = document.querySelectorAll('[data-search-bundle]');
for (const box of boxes) setUp(box);

function setUp(box) {
  const form = box.querySelector('form');
  const input = box.querySelector('input[type="search"]');
  const status = box.querySelector('[role="status"]');
  const list = box.querySelector('ol');
  const text = (name, values = {}) => (box.dataset[name] ?? '').replace(/\{(\w+)\}/g, (_, key) => values[key] ?? '');
  const bundle = new URL(box.dataset.searchBundle, document.baseURI);
  let engine;
  let latest = 0;
  let pause;
  box.hidden = false;
  box.parentElement?.querySelector('.site-search-note')?.remove();

  // Loaded once, by the first search: every later one waits for the same.
  const load = () =>
    (engine ??= import(new URL('pagefind.js', bundle).href).then(async (pagefind) => {
      // Result URLs are written from the site's root (`/2021-05/…`); the site may live below a path.
      await pagefind.options({ baseUrl: new URL('..', bundle).pathname, excerptLength: 24 });
      return pagefind;
    }));

  const show = async (query) => {
    const ticket = ++latest;
    if (query.trim() === '') {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    status.textContent = text('labelSearching');
    // Typing runs ahead of searching: only the query the reader stops at is searched.
    pause?.();
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, 150);
      // A newer query ends this one's wait at once; it then sees it is not the latest.
      pause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    if (ticket !== latest) return;
    let found;
    try {
      const pagefind = await load();
      const search = await pagefind.search(query);
      if (ticket !== latest) return;
      found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
    } catch {
      engine = undefined;
      status.textContent = text('labelUnavailable');
      return;
    }
    if (ticket !== latest) return;
    list.replaceChildren(...found.map(resultItem));
    const lang = document.documentElement.lang || 'en';
    // The form the page's language uses for this number (Russian: 1 раздел, 2 раздела, 5 разделов).
    const category = new Intl.PluralRules(lang).select(found.length);
    const form = `label${category[0].toUpperCase()}${category.slice(1)}`;
    const count = new Intl.NumberFormat(lang).format(found.length);
    status.textContent = found.length === 0 ? text('labelNone', { query }) : text(form in box.dataset ? form : 'labelOther', { count });
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show(input.value);
  });
  input.addEventListener('input', () => void show(input.value));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      input.value = '';
      void show('');
    }
  });
}

/** One result: the section's title linking to the place of the best match, its issue's month, the excerpt. */
function resultItem(data) {
  const item = document.createElement('li');
  const best = [...(data.sub_results ?? [])].sort((a, b) => (b.locations?.length ?? 0) - (a.locations?.length ?? 0))[0];
  const link = document.createElement('a');
  link.href = best?.url ?? data.url;
  link.className = 'site-search-title';
  link.textContent = data.meta.title ?? data.url;
  const month = document.createElement('span');
  month.className = 'site-search-month';
  month.textContent = data.meta.month ?? '';
  const excerpt = document.createElement('p');
  excerpt.className = 'site-search-excerpt';
  // Pagefind's excerpt is the page's text, escaped, with the terms in <mark>.
  excerpt.innerHTML = best?.excerpt ?? data.excerpt;
  item.append(link, ' ', month, excerpt);
  return item;
}
