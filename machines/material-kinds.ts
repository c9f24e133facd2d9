import { z } from 'zod';

// What an uploaded file is, as the notice names the materials (五(一)–五(三), 二(三), 二(五)).
// The SUBMIT rules check the kinds uploaded, not what the applicant says was uploaded.

export const materialKinds = [
  /** 毕业证书、学位证书 (五(二)). */
  'educationCertificate',
  /** 《教育部学历证书电子注册备案表》 (五(二)). */
  'chsiRecord',
  /** 毕业生登记表, for degrees from before 2001 (五(二)). */
  'graduateRegistrationForm',
  /** 教育部留学服务中心《国外学历学位认证书》或《港澳台学历学位认证书》 (五(二)). */
  'degreeCertification',
  /** 《事业单位人员职称申报岗位信息表》, 附件3 (二(五)). */
  'postInfoForm',
  /** 继续教育学时证明, when the hours are not on record (二(三)). */
  'continuingEducationProof',
  /** 市外社保证明 (五(三)). */
  'socialInsuranceProof',
  /** 业绩材料 (五(一)). */
  'achievement',
  'other',
] as const;
export const MaterialKind = z.enum(materialKinds);
export type MaterialKind = z.infer<typeof MaterialKind>;

export const hasMaterial = (materials: readonly { kind: MaterialKind }[], kind: MaterialKind) => materials.some((m) => m.kind === kind);
