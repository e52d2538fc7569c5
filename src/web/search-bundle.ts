/** The folder of the site's search index and Pagefind's scripts, under the output folder. */
export const searchBundle = 'pagefind';
