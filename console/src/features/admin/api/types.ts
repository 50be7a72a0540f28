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
