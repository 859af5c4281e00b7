/* Plain-DOM stand-ins for @tarojs/components with the props the pages use. */
import type { ReactNode } from 'react';

type Common = {
  id?: string;
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
  role?: string;
  [key: `aria-${string}`]: unknown;
  [key: `data-${string}`]: unknown;
};

function passThrough(props: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (['id', 'className', 'children', 'onClick', 'role'].includes(k) || k.startsWith('aria-') || k.startsWith('data-')) {
      out[k] = typeof v === 'boolean' && (k.startsWith('aria-') || k.startsWith('data-')) ? String(v) : v;
    }
  }
  return out;
}

export const View = (props: Common & Record<string, unknown>) => <div {...passThrough(props)} />;
export const ScrollView = View;
export const Text = (props: Common & Record<string, unknown>) => <span {...passThrough(props)} />;
export const Button = (props: Common & Record<string, unknown>) => <button type='button' {...passThrough(props)} />;

interface InputProps {
  id?: string;
  className?: string;
  value?: string;
  placeholder?: string;
  maxlength?: number;
  onInput?: (e: { detail: { value: string } }) => void;
}

export const Input = ({ id, className, value, placeholder, maxlength, onInput }: InputProps) => (
  <input
    id={id}
    className={className}
    value={value}
    placeholder={placeholder}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
  />
);

export const Textarea = ({ id, className, value, placeholder, maxlength, onInput }: InputProps) => (
  <textarea
    id={id}
    className={className}
    value={value}
    placeholder={placeholder}
    maxLength={maxlength}
    onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
  />
);

export const Switch = ({ id, checked, onChange }: { id?: string; checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) => (
  <input id={id} type='checkbox' checked={checked} onChange={(e) => onChange?.({ detail: { value: e.target.checked } })} />
);
