import { hasMaterial } from '../material-kinds';
import type { Rule } from './rule';
import { educationAtLeast } from './seniority';

// 五(二) education proof, judged by the kinds of the files uploaded, and 三(一)1 the pledge of truthfulness.

const CHSI_ERA_STARTS = '2001-01-01';

export const educationProof: Rule = {
  id: 'education-proof',
  clause: '五(二)',
  check: ({ facts, materials }) => {
    const { origin, graduatedOn, proof, level } = facts.education;
    const has = (kind: Parameters<typeof hasMaterial>[1]) => hasMaterial(materials, kind);
    // 学信网 registers higher education only: below 大专 the diploma itself is the proof.
    if (origin === 'domestic' && !educationAtLeast(level, 'juniorCollege')) {
      return has('educationCertificate')
        ? null
        : { zh: '中专、技校、高中及以下学历须上传毕业证书。', en: 'Education below junior college needs the diploma uploaded.' };
    }
    if (origin !== 'domestic') {
      return has('degreeCertification')
        ? null
        : {
            zh: '国外或港澳台学历须提供教育部留学服务中心出具的学历学位认证书。',
            en: 'A degree from abroad or Hong Kong/Macao/Taiwan needs the MOE service centre certification.',
          };
    }
    if (graduatedOn >= CHSI_ERA_STARTS) {
      return proof.systemExtracted || (has('educationCertificate') && has('chsiRecord'))
        ? null
        : {
            zh: '2001年以后取得的学历须由系统提取，或上传毕业证书及《教育部学历证书电子注册备案表》。',
            en: 'A degree from 2001 on must be extracted by the system, or the certificate and the CHSI registration record uploaded.',
          };
    }
    return has('educationCertificate') && has('graduateRegistrationForm')
      ? null
      : {
          zh: '2001年以前毕业的须上传学历学位证书和毕业生登记表。',
          en: 'A degree from before 2001 needs the certificate and the graduate registration form.',
        };
  },
};

export const commitment: Rule = {
  id: 'commitment',
  clause: '三(一)1',
  check: ({ commitmentSigned }) =>
    commitmentSigned
      ? null
      : {
          zh: '申报人须对填报信息的真实性作出承诺。',
          en: 'The applicant must sign the pledge that the information given is true.',
        },
};
