import QRCode from 'qrcode';
import type { PlanInput } from '../../machines/facts';
import { shanghaiMidnight } from '../../machines/rules/dates';
import { chineseDate, gradeOfLevel, titleOfLevel } from './labels';
import { maskIdNumber } from './mask';
import { createPdf, FONT, type Pdf, pdfBytes } from './pdf';
import { drawTable } from './pdf-table';

// 三(四): the title is an electronic certificate the applicant downloads and prints,
// "与纸质证书具有同等效用". Whoever holds a print checks it with the QR code or the short
// code against the public verification endpoint, so the print itself shows only the
// masked ID number.

export interface CertificateInput {
  certificateNumber: string;
  name: string;
  /** The full number; the certificate prints it masked. */
  idNumber: string;
  level: PlanInput['level'];
  specialty: string;
  year: number;
  /** YYYY-MM-DD; also the PDF's CreationDate. */
  issuedOn: string;
  /** Who issues it, e.g. 慈溪市人力资源和社会保障局. */
  issuer: string;
  /** The committee that reviewed it, the one of the plan's level (authority.ts). */
  committee: string;
  /** What the QR code encodes: the public verification endpoint for this certificate. */
  verificationUrl: string;
  /** Printed under the QR code, for typing in where scanning is not possible. */
  verificationCode: string;
  /** Where the number and code are typed in: printed, for a reader without a scanner. */
  verificationPage: string;
}

const MARGIN = 64;
const QR_SIZE = 116;
/** 40 mm across, an official round seal's size. */
const SEAL_RADIUS = 57;

export async function renderCertificate(input: CertificateInput): Promise<Buffer> {
  const title = '专业技术职务任职资格证书';
  const doc = createPdf({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    title: `${title} ${input.certificateNumber}`,
    createdAt: new Date(shanghaiMidnight(input.issuedOn)),
  });
  const width = doc.page.width - 2 * MARGIN;
  drawBorder(doc);

  doc.font(FONT.bold).fontSize(26).fillColor('#8b0000').text(title, MARGIN, 104, { width, align: 'center', characterSpacing: 2 });
  doc.font(FONT.regular).fontSize(13).fillColor('#333333').text('（电子证书）', { width, align: 'center' });

  const qualification = `${titleOfLevel[input.level]}（${gradeOfLevel[input.level]}）`;
  doc
    .moveDown(1.6)
    .font(FONT.regular)
    .fontSize(13)
    .fillColor('#000000')
    .text(
      `${input.name}同志经${input.committee}评审通过，具备${input.specialty}专业${qualification}任职资格，特发此证。`,
      MARGIN + 12,
      doc.y,
      {
        width: width - 24,
        lineGap: 6,
      },
    );
  doc.moveDown(1);

  const label = 110;
  drawTable(
    doc,
    [{ width: label, label: true }, { width: width - label }],
    [
      ['证书编号', input.certificateNumber],
      ['姓名', input.name],
      ['身份证号码', maskIdNumber(input.idNumber)],
      ['资格名称', titleOfLevel[input.level]],
      ['资格级别', gradeOfLevel[input.level]],
      ['专业', input.specialty],
      ['评审年度', String(input.year)],
      ['评审委员会', input.committee],
      ['发证机构', input.issuer],
      ['发证日期', chineseDate(input.issuedOn)],
    ],
    { fontSize: 12, reserveBottom: 0, minRowHeight: 24 },
  );

  drawIssuerAndSeal(doc, input, doc.y + 14);
  await drawVerification(doc, input);
  return pdfBytes(doc);
}

function drawBorder(doc: Pdf): void {
  const { width, height } = doc.page;
  doc
    .rect(24, 24, width - 48, height - 48)
    .lineWidth(3)
    .strokeColor('#b8860b')
    .stroke();
  doc
    .rect(32, 32, width - 64, height - 64)
    .lineWidth(0.8)
    .strokeColor('#b8860b')
    .stroke();
}

/**
 * The issuer's name and the date, with the place its seal goes over them, as on a paper
 * certificate. Only a dashed outline: the service holds no seal, and drawing one would make
 * every print look stamped whoever printed it.
 */
function drawIssuerAndSeal(doc: Pdf, input: CertificateInput, top: number): void {
  const right = doc.page.width - MARGIN;
  const blockWidth = 240;
  doc
    .font(FONT.regular)
    .fontSize(12)
    .fillColor('#000000')
    .text(input.issuer, right - blockWidth, top + 18, { width: blockWidth, align: 'center' })
    .moveDown(0.4)
    .text(chineseDate(input.issuedOn), { width: blockWidth, align: 'center' });
  const center = { x: right - blockWidth / 2, y: top + 34 };
  doc.circle(center.x, center.y, SEAL_RADIUS).dash(4, { space: 3 }).lineWidth(1).strokeColor('#c0392b').stroke().undash();
  doc
    .font(FONT.regular)
    .fontSize(8)
    .fillColor('#c0392b')
    .text('（发证机构印章）', center.x - SEAL_RADIUS, center.y + SEAL_RADIUS - 20, { width: 2 * SEAL_RADIUS, align: 'center' });
}

async function drawVerification(doc: Pdf, input: CertificateInput): Promise<void> {
  const { width: pageWidth, height } = doc.page;
  const top = height - MARGIN - QR_SIZE - 26;
  const qrX = pageWidth - MARGIN - QR_SIZE;
  // Medium error correction survives a print's smudges without growing the code much.
  const png = await QRCode.toBuffer(input.verificationUrl, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  doc.image(png, qrX, top, { width: QR_SIZE, height: QR_SIZE });
  doc
    .font(FONT.bold)
    .fontSize(12)
    .fillColor('#000000')
    .text(`验证码 ${input.verificationCode}`, qrX - 20, top + QR_SIZE + 6, { width: QR_SIZE + 40, align: 'center' });

  const noteWidth = qrX - MARGIN - 24;
  doc
    .font(FONT.regular)
    .fontSize(10.5)
    .fillColor('#333333')
    .text('本证书为电子证书，与纸质证书具有同等效用。', MARGIN, top + 8, { width: noteWidth, lineGap: 4 })
    .moveDown(0.5)
    .text('扫描右侧二维码，或访问以下地址并输入证书编号和验证码，核验本证书是否有效，并核对持证人姓名、身份证号码：', {
      width: noteWidth,
      lineGap: 4,
    })
    .moveDown(0.3)
    .font(FONT.regular)
    .fontSize(10)
    .fillColor('#1a4f8b')
    .text(input.verificationPage, { width: noteWidth });
}
