import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMITTEE, ISSUER } from '../../src/documents/authority';
import { publicityListHtml } from '../../src/documents/publicity-list';
import { verificationFormHtml, verificationHtml, verificationRefusedHtml } from '../../src/documents/verification-page';
import { launchChromium } from '../support/console';
import { idNumberFor } from '../support/factories';
import { publicityList } from './fixtures';

// The public pages are read on phones: each fits a 390 px wide screen (an iPhone 12–15) with
// nothing to scroll sideways, checked in Chromium.

const PHONE = { width: 390, height: 844 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** How far the page reaches sideways at phone width, in CSS pixels. */
async function widthOnPhone(html: string): Promise<number> {
  const page = await browser.newPage({ viewport: PHONE });
  try {
    await page.setContent(html);
    return await page.evaluate(() => document.documentElement.scrollWidth);
  } finally {
    await page.close();
  }
}

const longUnit = '慈溪市杭州湾新区某某机电设备安装工程有限公司第二分公司（宁波前湾新区）';

describe('on a 390 px phone', () => {
  it('the publicity list shows each row as a card, with nothing to scroll sideways', async () => {
    const entries = Array.from({ length: 12 }, (_, i) => ({
      name: '欧阳晓明',
      idNumber: idNumberFor(i),
      unitName: longUnit,
      result: '评审通过',
    }));
    for (const stage of ['qualification', 'result'] as const)
      expect(await widthOnPhone(publicityListHtml(publicityList({ stage, entries })))).toBeLessThanOrEqual(PHONE.width);
  });

  it('the verification pages have nothing to scroll sideways', async () => {
    const record = verificationHtml({
      status: 'revoked',
      certificateNumber: 'CX2021M07-0012',
      holder: { name: '欧阳晓明', idNumber: '330282********0013' },
      level: 'intermediate',
      qualification: { zh: '工程师（中级）', en: 'Engineer (intermediate)' },
      specialty: '自然资源和林业工程',
      year: 2021,
      committee: COMMITTEE.intermediate,
      issuer: ISSUER,
      issuedOn: '2021-12-06',
      revokedOn: '2022-03-01',
    });
    for (const html of [
      record,
      verificationFormHtml(),
      verificationRefusedHtml('mismatch', { number: 'X'.repeat(64), code: 'F'.repeat(64) }),
    ])
      expect(await widthOnPhone(html)).toBeLessThanOrEqual(PHONE.width);
  });
});
