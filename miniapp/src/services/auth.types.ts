export interface DevSignInInput {
  handle: string;
  role: 'resident' | 'reviewer' | 'admin' | 'employer';
}
