import { Navigate, createBrowserRouter, type RouteObject } from "react-router";
import { AgentsPage } from "../features/admin/components/AgentsPage";
import { ChannelsPage } from "../features/admin/components/ChannelsPage";
import { RulesPage } from "../features/admin/components/RulesPage";
import { SettingsPage } from "../features/admin/components/SettingsPage";
import { TagsPage } from "../features/admin/components/TagsPage";
import { TemplatesPage } from "../features/admin/components/TemplatesPage";
import { ReportsPage } from "../features/reports/components/ReportsPage";
import { Shell } from "./Shell";
import { Workspace } from "./Workspace";

export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/inbox/mine" replace /> },
      { path: "inbox", element: <Navigate to="/inbox/mine" replace /> },
      { path: "inbox/:view", element: <Workspace /> },
      { path: "conversations/:conversationId", element: <Workspace /> },
      { path: "reports", element: <ReportsPage /> },
      { path: "agents", element: <AgentsPage /> },
      { path: "channels", element: <ChannelsPage /> },
      { path: "rules", element: <RulesPage /> },
      { path: "tags", element: <TagsPage /> },
      { path: "templates", element: <TemplatesPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <Navigate to="/inbox/mine" replace /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
