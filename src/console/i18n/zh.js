import admin from './zh/admin.js';
import application from './zh/application.js';
import audit from './zh/audit.js';
import find from './zh/find.js';
import forms from './zh/forms.js';
import shell from './zh/shell.js';
import workflow from './zh/workflow.js';

// The dictionary, one file per area of the console under zh/; every key is in both languages.
export default { ...shell, ...forms, ...workflow, ...application, ...find, ...admin, ...audit };
