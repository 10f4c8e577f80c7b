// One Markdown renderer for the preview and the opened secret: markdown-it with raw HTML off,
// then DOMPurify, then our own rules: links open in a new tab without referrer, and no image is
// loaded unless it is inline data (a remote image would tell its host that the secret was opened).
// markdown-it and DOMPurify are the classic scripts /lib/*.js, loaded before the page modules.

const { markdownit, DOMPurify } = window;

const md = markdownit({ html: false, linkify: true, breaks: true, typographer: false });

// Table alignment comes out as style="text-align:…", which the CSP blocks; use classes instead.
md.core.ruler.push('align_classes', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'th_open' || token.type === 'td_open') && token.attrs) {
      const align = /text-align:\s*(left|center|right)/.exec(token.attrGet('style') ?? '');
      token.attrs = token.attrs.filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `align-${align[1]}`);
    }
  }
});

const PURIFY = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  FORBID_ATTR: ['style', 'srcset', 'id', 'name'],
};

const SAFE_IMAGE = /^data:image\/(png|gif|jpe?g|webp);/i;
const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, dd, dt';

/**
 * Renders Markdown into container, replacing what was there. texts gives the words for removed
 * images: { removed: "[image removed: {alt}]", removedNoAlt, removedTitle }.
 */
export function renderMarkdown(text, container, texts) {
  const clean = DOMPurify.sanitize(md.render(text), PURIFY);
  // A <template>'s content lives in an inert document: nothing in it loads while we edit it.
  const template = document.createElement('template');
  template.innerHTML = clean;
  const root = template.content;

  for (const img of root.querySelectorAll('img')) {
    if (SAFE_IMAGE.test(img.getAttribute('src') ?? '')) continue;
    const alt = (img.getAttribute('alt') ?? '').trim();
    const note = document.createElement('span');
    note.className = 'blocked-image';
    note.title = texts.removedTitle;
    note.textContent = alt ? texts.removed.replace('{alt}', alt) : texts.removedNoAlt;
    img.replaceWith(note);
  }

  for (const a of root.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? '';
    if (!/^(https?:|mailto:)/i.test(href)) {
      a.removeAttribute('href');
      continue;
    }
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.referrerPolicy = 'no-referrer';
  }

  // Each block finds its own direction, so Hebrew or Arabic lines read right to left.
  for (const block of root.querySelectorAll(BLOCKS)) block.dir = 'auto';

  container.replaceChildren(document.importNode(root, true));
}
