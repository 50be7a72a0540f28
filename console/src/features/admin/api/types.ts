// The administration's shapes, straight from the generated OpenAPI types (no hand-written copies).
import type { components } from "../../../api/schema";

type Schemas = components["schemas"];
export type TeamMember = Schemas["AgentOut"];
export type AgentChanges = Schemas["AgentChanges"];
export type Invitation = Schemas["NewAgent"];
export type Role = Schemas["Role"];
export type Connection = Schemas["ConnectionOut"];
export type ConnectionChanges = Schemas["ConnectionChanges"];
export type NewConnection = Schemas["NewZaloConnection"] | Schemas["NewMessengerConnection"] | Schemas["NewSignedConnection"];
export type Channel = Schemas["Channel"];
export type ConnectionMode = Schemas["ConnectionMode"];
export type Rule = Schemas["RuleOut"];
export type NewRule = Schemas["NewRule"];
export type RuleChanges = Schemas["RuleChanges"];
export type RoutingMethod = Schemas["RoutingMethod"];
export type ExistingConversations = Schemas["ExistingConversations"];
export type TagItem = Schemas["TagOut"];
export type TemplateItem = Schemas["TemplateOut"];
export type NewTemplate = Schemas["NewTemplate"];
export type Settings = Schemas["SettingsOut"];
export type SettingsChanges = Schemas["SettingsChanges"];
