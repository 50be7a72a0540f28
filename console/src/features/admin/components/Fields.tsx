import { useTranslation } from "react-i18next";
import { useId, type InputHTMLAttributes } from "react";

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "onChange" | "value">;

interface TextFieldProps extends InputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
}

/** A labelled input (a textbox, or a spinbutton with type="number"): its label is its accessible name. */
export function TextField({ label, value, onChange, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </>
  );
}

interface NumberFieldProps extends Omit<InputProps, "type"> {
  label: string;
  value: number;
  onChange: (value: number) => void;
}

export function NumberField({ label, value, onChange, ...input }: NumberFieldProps) {
  return <TextField label={label} type="number" value={Number.isNaN(value) ? "" : String(value)} onChange={(v) => onChange(v === "" ? Number.NaN : Number(v))} {...input} />;
}

/** The API's refusal in words a person can act on, or the generic one. */
export function ErrorText({ error, fallback }: { error: unknown; fallback: string }) {
  if (!error) return null;
  const message = error instanceof Error && error.name === "ApiError" ? error.message : fallback;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

/** A form's submit button and its Cancel. */
export function FormButtons({ submit, pending, onCancel }: { submit: string; pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-buttons">
      <button type="submit" disabled={pending}>
        {submit}
      </button>
      <button type="button" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}
