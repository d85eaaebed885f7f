/**
 * The CloudBase environment the mini-program calls. Set it (and the appid in project.config.json) with
 * `npm run configure -- <appid> <envId>`; nothing else in the code names an environment.
 */
export const CLOUD_ENV = 'your-cloudbase-env-id';
