import type { EducationLevel, Facts, PlanInput, SkillLevel } from '../../machines/facts';
import type { MaterialKind } from '../../machines/material-kinds';
import { isRealDate } from '../../machines/rules/dates';

// The Chinese wording printed on the documents for the machine's enum values. Records
// over the enums, so a value added to a schema fails type-checking here until it has a label.

type Level = PlanInput['level'];

/** The title a level confers (二(一), 二(二)). */
export const titleOfLevel: Record<Level, string> = { junior: '助理工程师', intermediate: '工程师' };

export const gradeOfLevel: Record<Level, string> = { junior: '初级', intermediate: '中级' };

export const educationLabel: Record<EducationLevel, string> = {
  belowSecondary: '初中及以下',
  secondary: '中专、技校或高中',
  juniorCollege: '大专',
  bachelor: '本科',
  secondBachelor: '第二学士',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

export const educationOriginLabel: Record<Facts['education']['origin'], string> = {
  domestic: '国内',
  abroad: '国外',
  hkMacaoTaiwan: '港澳台',
};

export const materialKindLabel: Record<MaterialKind, string> = {
  educationCertificate: '学历学位证书',
  chsiRecord: '教育部学历证书电子注册备案表',
  graduateRegistrationForm: '毕业生登记表',
  degreeCertification: '教育部留学服务中心学历学位认证书',
  postInfoForm: '事业单位人员职称申报岗位信息表（附件3）',
  continuingEducationProof: '继续教育学时证明',
  socialInsuranceProof: '市外社保证明',
  achievement: '业绩材料',
  other: '其他材料',
};

export const unitTypeLabel: Record<Facts['unitType'], string> = {
  enterprise: '企业',
  publicInstitution: '事业单位',
  civilService: '机关',
  civilServiceManaged: '参照公务员管理事业单位',
};

export const assessmentLabel: Record<Facts['annualAssessments'][number]['result'], string> = {
  excellent: '优秀',
  competent: '合格',
  basicallyCompetent: '基本合格',
  incompetent: '不合格',
};

export const sexLabel: Record<'male' | 'female', string> = { male: '男', female: '女' };

export const skillLevelLabel: Record<SkillLevel, string> = { seniorWorker: '高级工', technician: '技师', seniorTechnician: '高级技师' };

/** 'YYYY-MM-DD' → 'YYYY年M月D日'. */
export function chineseDate(date: string): string {
  if (!isRealDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** The title with its grade in English, for pages that answer in both languages. */
export const qualificationEn: Record<Level, string> = {
  junior: 'Assistant Engineer (junior)',
  intermediate: 'Engineer (intermediate)',
};
