export default definePageConfig({ navigationBarTitleText: '机构认证', enablePullDownRefresh: true });
