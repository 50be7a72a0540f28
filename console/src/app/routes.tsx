import { Navigate, createBrowserRouter, type RouteObject } from "react-router";
import { SectionPage } from "../features/admin/components/SectionPage";
import { AgentsPage } from "../features/admin/components/AgentsPage";
import { ChannelsPage } from "../features/admin/components/ChannelsPage";
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
      { path: "rules", element: <SectionPage section="rules" /> },
      { path: "tags", element: <SectionPage section="tags" /> },
      { path: "templates", element: <SectionPage section="templates" /> },
      { path: "settings", element: <SectionPage section="settings" /> },
      { path: "*", element: <Navigate to="/inbox/mine" replace /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
