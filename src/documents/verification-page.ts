import type { PlanInput } from '../../machines/facts';
import type { Bilingual } from './authority';
import { escapeHtml } from './html';
import { chineseDate } from './labels';
import { publicPage } from './public-pages';

// 三(四): a stranger holding a printed certificate checks it here, by its QR code or by typing
// the number and code printed on it. The answer shows what the record says — the holder's
// name as the publicity lists showed it, the ID number masked as there, the number, title,
// specialty, year, committee, issuer and state — so that a print carrying a real code under
// another name or number is told apart by comparing the two. In Chinese and English.

export interface Verification {
  status: 'valid' | 'revoked';
  certificateNumber: string;
  holder: { name: string /** Masked. */; idNumber: string };
  level: PlanInput['level'];
  qualification: Bilingual;
  specialty: string;
  year: number;
  committee: Bilingual;
  issuer: Bilingual;
  issuedOn: string;
  revokedOn: string | null;
}

/** Why no certificate is shown: what the reader typed or scanned, and what to do about it. */
export type VerificationRefusal = 'malformed' | 'unknown' | 'mismatch' | 'incomplete' | 'tooMany';

const FORM_PATH = '/v1/public/certificates';

const both = (zh: string, en: string) => `${escapeHtml(zh)}<span class="en">${escapeHtml(en)}</span>`;

const STYLE = `
.en { display: block; color: #555; font-size: 0.85em; }
form { display: grid; gap: 0.75rem; max-width: 26rem; margin: 1rem 0 2rem; }
label { font-weight: 600; }
input { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #888; border-radius: 4px; width: 100%; box-sizing: border-box; text-transform: uppercase; }
button { font: inherit; padding: 0.5rem 1rem; background: #1a4f8b; color: #fff; border: 0; border-radius: 4px; justify-self: start; }
.banner { padding: 0.75rem 1rem; border-radius: 6px; margin: 1rem 0; font-size: 1.1rem; }
.banner.valid { background: #e6f4ea; border: 1px solid #1a6b2f; color: #1a6b2f; }
.banner.revoked, .banner.refused { background: #fdecea; border: 1px solid #9b1c1c; color: #9b1c1c; }
.check { background: #fff8e1; border-left: 4px solid #b8860b; padding: 0.5rem 0.75rem; }
table.record { border-collapse: collapse; width: 100%; margin: 1rem 0; }
table.record th, table.record td { border: 1px solid #bbb; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.record th { background: #f3f3f3; width: 34%; font-weight: 600; }
.holder { font-size: 1.5rem; font-weight: 700; letter-spacing: 0.1em; }
`;

function form(values: { number?: string; code?: string } = {}): string {
  return `<form method="get" action="${FORM_PATH}">
<label for="number">${both('证书编号', 'Certificate number')}</label>
<input id="number" name="number" autocomplete="off" maxlength="64" placeholder="CX2021M07-0012" value="${escapeHtml(values.number ?? '')}">
<label for="code">${both('验证码（二维码下方）', 'Verification code (under the QR code)')}</label>
<input id="code" name="code" autocomplete="off" maxlength="64" required placeholder="3F9A-1C07-B24E" value="${escapeHtml(values.code ?? '')}">
<button type="submit">核验 Verify</button>
</form>`;
}

const heading = `<h1>${both('电子证书核验', 'Certificate verification')}</h1>`;

/** The form to type a certificate's number and code into. */
export function verificationFormHtml(): string {
  const intro = `<p>${both(
    '请输入证书上印制的证书编号和验证码。扫描证书上的二维码可直接到达核验结果。',
    'Type the certificate number and the verification code printed on the certificate. Scanning its QR code leads straight to the result.',
  )}</p>`;
  return publicPage('电子证书核验 Certificate verification', `${heading}\n${intro}\n${form()}`, STYLE);
}

const row = (label: [string, string], value: string) => `<tr><th scope="row">${both(...label)}</th><td>${value}</td></tr>`;

/** The record of one certificate, as the holder's print should repeat it. */
export function verificationHtml(v: Verification): string {
  const banner =
    v.status === 'valid'
      ? `<p class="banner valid"><strong>${both('证书有效', 'This certificate is valid')}</strong></p>`
      : `<p class="banner revoked"><strong>${both(
          `证书已于${chineseDate(v.revokedOn ?? v.issuedOn)}被撤销，不再有效`,
          `This certificate was revoked on ${v.revokedOn ?? ''} and is no longer valid`,
        )}</strong></p>`;
  const check = `<p class="check">${both(
    '请逐项核对：证书上印制的姓名、身份证号码、证书编号须与下表完全一致。任何一项不一致，即为伪造或涂改的证书——验证码属于下表所列的持证人。',
    'Compare each line: the name, ID number and certificate number printed on the certificate must be exactly those below. If any differs, the certificate is forged or altered — the code belongs to the holder named here.',
  )}</p>`;
  const rows = [
    row(['持证人姓名', 'Holder'], `<span class="holder">${escapeHtml(v.holder.name)}</span>`),
    row(['身份证号码', 'ID number'], escapeHtml(v.holder.idNumber)),
    row(['证书编号', 'Certificate number'], `<strong>${escapeHtml(v.certificateNumber)}</strong>`),
    row(['资格', 'Qualification'], both(v.qualification.zh, v.qualification.en)),
    row(['专业', 'Specialty'], escapeHtml(v.specialty)),
    row(['评审年度', 'Review year'], String(v.year)),
    row(['评审委员会', 'Review committee'], both(v.committee.zh, v.committee.en)),
    row(['发证机构', 'Issued by'], both(v.issuer.zh, v.issuer.en)),
    row(['发证日期', 'Issued on'], both(chineseDate(v.issuedOn), v.issuedOn)),
    row(
      ['状态', 'State'],
      v.status === 'valid'
        ? both('有效', 'valid')
        : both(`已撤销（${chineseDate(v.revokedOn ?? v.issuedOn)}）`, `revoked (${v.revokedOn ?? ''})`),
    ),
  ];
  const again = `<h2>${both('核验另一份证书', 'Verify another certificate')}</h2>\n${form()}`;
  return publicPage(
    `电子证书核验 ${v.certificateNumber}`,
    `${heading}\n${banner}\n${check}\n<table class="record">\n${rows.join('\n')}\n</table>\n${again}`,
    STYLE,
  );
}

const REFUSAL: Record<VerificationRefusal, Bilingual> = {
  malformed: {
    zh: '验证码格式不正确：应为二维码下方印制的12位字符（数字0–9和字母A–F），可带或不带短横线。',
    en: 'That is not a verification code: it is the 12 characters (digits 0–9 and letters A–F) printed under the QR code, with or without dashes.',
  },
  unknown: {
    zh: '没有证书使用这个验证码。请核对输入是否有误；若无误，这张证书不是本系统颁发的。',
    en: 'No certificate has this code. Check what you typed; if it is right, this certificate was not issued here.',
  },
  mismatch: {
    zh: '证书编号与验证码不属于同一份证书。若输入无误，这张证书的编号被改动过。',
    en: 'The certificate number and the code do not belong to the same certificate. If you typed them right, the number on this certificate was altered.',
  },
  incomplete: {
    zh: '请同时输入验证码：仅凭证书编号无法核验。',
    en: 'Please type the verification code too: a certificate number alone cannot be verified.',
  },
  tooMany: {
    zh: '查询过于频繁，请稍候一分钟再试。',
    en: 'Too many verifications from your address; please wait a minute and try again.',
  },
};

/** Why nothing is shown, and the form again with what was typed. */
export function verificationRefusedHtml(why: VerificationRefusal, typed: { number?: string; code?: string } = {}): string {
  const text = REFUSAL[why];
  return publicPage(
    '电子证书核验 Certificate verification',
    `${heading}\n<p class="banner refused"><strong>${both(text.zh, text.en)}</strong></p>\n${form(typed)}`,
    STYLE,
  );
}
