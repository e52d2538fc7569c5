/** "84 kB", "1.2 MB": file sizes as readers expect them on a download link, in the page's language. */
export function formatBytes(bytes: number, lang = 'en'): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  // In the language's own way: "55 kB", "1,3 MB" in Azerbaijani, "55 кБ" in Russian.
  return new Intl.NumberFormat(lang, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: value >= 10 || unit === 0 ? 0 : 1 }).format(value);
}

/** Joins a site's base URL and a site-relative path: ("https://x.org/news", "2021-05/") → "https://x.org/news/2021-05/". */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}
