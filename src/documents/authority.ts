import type { PlanInput } from '../../machines/facts';

// The bodies the documents name (the 2021 notice): whose platform watermarks the review
// form (三(二)), who publishes the publicity lists (三(三)), which committee reviews (三:
// "上报慈溪市工程技术人员相应评委会", one per level) and who issues the title (三(四)).
// English beside the Chinese where a page answers in both (the public verification).

export type Bilingual = Readonly<{ zh: string; en: string }>;

export const PLATFORM_NAME = '慈溪市职称评审平台';
export const PUBLISHER = '慈溪市工程系列中、初级专业技术职务任职资格评审委员会办公室';

export const ISSUER: Bilingual = { zh: '慈溪市人力资源和社会保障局', en: 'Cixi Human Resources and Social Security Bureau' };

export const COMMITTEE: Record<PlanInput['level'], Bilingual> = {
  junior: {
    zh: '慈溪市工程技术人员初级专业技术职务任职资格评审委员会',
    en: 'Cixi Review Committee for Junior Professional Titles in Engineering',
  },
  intermediate: {
    zh: '慈溪市工程技术人员中级专业技术职务任职资格评审委员会',
    en: 'Cixi Review Committee for Intermediate Professional Titles in Engineering',
  },
};
