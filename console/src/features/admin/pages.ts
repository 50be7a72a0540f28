// The administration pages, loaded together on first use (routes.tsx): agents mostly never open them,
// so they stay out of the first load.
export { AgentsPage } from "./components/AgentsPage";
export { ChannelsPage } from "./components/ChannelsPage";
export { RulesPage } from "./components/RulesPage";
export { SettingsPage } from "./components/SettingsPage";
export { TagsPage } from "./components/TagsPage";
export { TemplatesPage } from "./components/TemplatesPage";
