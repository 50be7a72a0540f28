/** PUT a file to a pre-signed S3 URL (API.md uploads), reporting progress from 0 to 100.
 * XMLHttpRequest, not fetch: only it reports the progress of a request body. */
export function putFile(url: string, file: File, onProgress: (percent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("PUT", url);
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.min(99, Math.round((event.loaded / event.total) * 100)));
    };
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        onProgress(100);
        resolve();
      } else reject(new Error(`upload answered ${request.status}`));
    };
    request.onerror = () => reject(new Error("upload failed"));
    request.send(file);
  });
}
