import admin from './en/admin.js';
import application from './en/application.js';
import audit from './en/audit.js';
import find from './en/find.js';
import forms from './en/forms.js';
import shell from './en/shell.js';
import workflow from './en/workflow.js';

// The dictionary, one file per area of the console under en/; every key is in both languages.
export default { ...shell, ...forms, ...workflow, ...application, ...find, ...admin, ...audit };
