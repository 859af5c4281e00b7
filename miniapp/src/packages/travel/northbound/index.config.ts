export default definePageConfig({ navigationBarTitleText: '车辆北上' });
