import { Navigate, createBrowserRouter, type RouteObject } from "react-router";
import type * as AdminPages from "../features/admin/pages";
import { Shell } from "./Shell";
import { Workspace } from "./Workspace";

// Reports and administration load on first use: the first load stays the inbox's (<= 250 KB of gzip JavaScript).
const admin = (page: keyof typeof AdminPages) => async () => ({ Component: (await import("../features/admin/pages"))[page] });
const reports = async () => ({ Component: (await import("../features/reports/components/ReportsPage")).ReportsPage });

export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/inbox/mine" replace /> },
      { path: "inbox", element: <Navigate to="/inbox/mine" replace /> },
      { path: "inbox/:view", element: <Workspace /> },
      { path: "conversations/:conversationId", element: <Workspace /> },
      { path: "reports", lazy: reports },
      { path: "agents", lazy: admin("AgentsPage") },
      { path: "channels", lazy: admin("ChannelsPage") },
      { path: "rules", lazy: admin("RulesPage") },
      { path: "tags", lazy: admin("TagsPage") },
      { path: "templates", lazy: admin("TemplatesPage") },
      { path: "settings", lazy: admin("SettingsPage") },
      { path: "*", element: <Navigate to="/inbox/mine" replace /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
