import { CLOUD_ENV } from './config';

App({
  onLaunch() {
    if (wx.cloud) wx.cloud.init({ env: CLOUD_ENV, traceUser: true });
  },
});
