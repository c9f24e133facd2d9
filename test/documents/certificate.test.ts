import { describe, expect, it } from 'vitest';
import { type CertificateInput, renderCertificate } from '../../src/documents/certificate';
import { maskIdNumber } from '../../src/documents/mask';
import { applicantId } from './fixtures';
import { A4, qrCodesOn, readPdf } from './pdf-reader';

const input: CertificateInput = {
  certificateNumber: 'CX2021-GC-000127',
  name: '王喆',
  idNumber: applicantId,
  level: 'intermediate',
  specialty: '建设工程',
  year: 2021,
  issuedOn: '2021-12-06',
  issuer: '慈溪市人力资源和社会保障局',
  committee: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
  verificationUrl: 'https://titles.example.cn/v1/certificates/verify/K7Q2M9XD',
  verificationCode: 'K7Q2-M9XD',
  verificationPage: 'https://titles.example.cn/v1/public/certificates',
};

describe('renderCertificate', () => {
  it('is one A4 page with the number, name, masked ID number, title, specialty, year and date', async () => {
    const pdf = await readPdf(await renderCertificate(input));

    expect(pdf.pageSizes).toEqual([A4]);
    const [text] = pdf.pageTexts;
    for (const expected of [
      input.certificateNumber,
      '王喆',
      maskIdNumber(applicantId),
      '工程师',
      '中级',
      '建设工程',
      '2021',
      '2021年12月6日',
      input.issuer,
      input.committee,
      '发证机构印章',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(applicantId);
  });

  it('carries a QR code that scans as the verification URL, with the short code under it', async () => {
    const pdf = await readPdf(await renderCertificate(input));

    expect(await qrCodesOn(pdf, 1)).toEqual([input.verificationUrl]);
    expect(pdf.pageTexts[0]).toContain(`验证码${input.verificationCode}`);
  });

  it('names the junior title for a junior plan', async () => {
    const pdf = await readPdf(await renderCertificate({ ...input, level: 'junior' }));
    expect(pdf.pageTexts[0]).toContain('助理工程师（初级）');
  });
});
