import { escapeHtml } from './html';
import { chineseDate } from './labels';
import { type PublicityList, publicityTitle } from './publicity-list';

// The two small public pages beside the publicity list itself: the index of publicities in
// progress, and the answer to a certificate's QR code. Self-contained, no script.

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #111; line-height: 1.7; }
h1 { font-size: 1.4rem; }
.valid { color: #1a6b2f; } .revoked { color: #9b1c1c; }
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
  return page('职称评审公示', `<h1>职称评审公示</h1>\n${body}`);
}

export type Verification = { status: 'valid'; issuedOn: string } | { status: 'revoked'; revokedOn: string };

/** The whole answer to a verification: valid or revoked, and since when. Nothing about the holder. */
export function verificationHtml(v: Verification): string {
  const text =
    v.status === 'valid'
      ? `<p class="valid"><strong>证书有效</strong>，发证日期 ${escapeHtml(chineseDate(v.issuedOn))}。</p>`
      : `<p class="revoked"><strong>证书已被取消</strong>，取消日期 ${escapeHtml(chineseDate(v.revokedOn))}。</p>`;
  return page('电子证书核验', `<h1>电子证书核验</h1>\n${text}\n<p>请核对证书上的姓名、证书编号与持证人本人是否一致。</p>`);
}
