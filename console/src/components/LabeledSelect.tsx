import { useId } from "react";

export interface Choice {
  value: string;
  label: string;
}

interface LabeledSelectProps {
  label: string;
  /** "" selects the first, empty choice (`none`), when there is one */
  value: string;
  choices: readonly Choice[];
  none?: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  hideLabel?: boolean;
}

/** A native select with a visible label: a combobox named by that label. */
export function LabeledSelect({ label, value, choices, none, onChange, disabled, hideLabel }: LabeledSelectProps) {
  const id = useId();
  return (
    <span className="labeled-select">
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {none !== undefined && <option value="">{none}</option>}
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </span>
  );
}
