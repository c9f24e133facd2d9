import { escapeHtml } from './html';
import { chineseDate } from './labels';
import { type PublicityList, publicityTitle } from './publicity-list';

// The small public pages beside the publicity list itself (the index of publicities in
// progress here, certificate verification in verification-page.ts). Self-contained, no script.

/** A page with inline style only, readable on a phone. */
export const publicPage = (title: string, body: string, style = '') => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #111; line-height: 1.7; }
h1 { font-size: 1.4rem; }
${style}
</style>
</head>
<body>
${body}
</body>
</html>
`;

/** Links to each publicity in progress, by the path its page is served under. */
export function publicityIndexHtml(lists: ReadonlyArray<{ list: Pick<PublicityList, 'stage' | 'plan' | 'period'>; href: string }>): string {
  const items = lists.map(
    ({ list, href }) =>
      `<li><a href="${escapeHtml(href)}">${escapeHtml(publicityTitle(list))}</a>（${escapeHtml(chineseDate(list.period.start))}至${escapeHtml(chineseDate(list.period.end))}）</li>`,
  );
  const body = items.length ? `<ul>\n${items.join('\n')}\n</ul>` : '<p>目前没有正在进行的公示。</p>';
  return publicPage('职称评审公示', `<h1>职称评审公示</h1>\n${body}`);
}
