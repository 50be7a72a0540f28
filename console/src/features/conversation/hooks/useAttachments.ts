import { useCallback, useState } from "react";
import { useApi } from "../../../app/ConfigContext";
import type { AttachmentRef } from "../../../api/types";
import { createUpload } from "../api/conversation";
import { putFile } from "../api/uploads";

let chosenCount = 0;

export interface Pending {
  key: string;
  name: string;
  progress: number;
  objectKey: string | null;
  failed: boolean;
}

/** Files chosen for the next reply: each uploaded at once (a pre-signed PUT), with its progress;
 * the reply names the uploaded ones by object key. */
export function useAttachments() {
  const api = useApi();
  const [files, setFiles] = useState<Pending[]>([]);
  const change = (key: string, changes: Partial<Pending>) => setFiles((all) => all.map((f) => (f.key === key ? { ...f, ...changes } : f)));
  const add = (chosen: FileList | null) => {
    for (const file of chosen ?? []) {
      const key = `${file.name}-${++chosenCount}`;
      setFiles((all) => [...all, { key, name: file.name, progress: 0, objectKey: null, failed: false }]);
      createUpload(api, file)
        .then(async (upload) => {
          await putFile(upload.upload_url, file, (progress) => change(key, { progress }));
          change(key, { objectKey: upload.object_key, progress: 100 });
        })
        .catch(() => change(key, { failed: true }));
    }
  };
  const remove = (key: string) => setFiles((all) => all.filter((f) => f.key !== key));
  const clear = useCallback(() => setFiles([]), []);
  const refs: AttachmentRef[] = files.filter((f) => f.objectKey).map((f) => ({ object_key: f.objectKey }));
  const uploading = files.some((f) => !f.objectKey && !f.failed);
  return { files, add, remove, clear, refs, uploading };
}
