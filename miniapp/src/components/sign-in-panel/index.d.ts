// Implemented per platform: index.weapp.tsx (WeChat sign-in button), index.h5.tsx (development form).
export interface SignInPanelProps {
  onSignedIn: () => void;
}
export default function SignInPanel(props: SignInPanelProps): JSX.Element;
