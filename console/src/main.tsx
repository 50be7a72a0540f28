import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { loadConfig } from "./app/config";
import { Providers } from "./app/Providers";
import { createQueryClient } from "./app/queryClient";
import { createRouter } from "./app/routes";
import "./i18n";
import "./styles.css";

const root = createRoot(document.getElementById("root") as HTMLElement);
loadConfig().then(
  (config) => {
    root.render(
      <StrictMode>
        <Providers config={config} queryClient={createQueryClient()}>
          <RouterProvider router={createRouter()} />
        </Providers>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(<p role="alert">Switchboard could not start: {String(error)}</p>);
  },
);
