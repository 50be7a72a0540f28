// Generated from console/openapi.json by `npm run api` (make console-api). Do not edit.
export interface paths {
    "/agents/{agent_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One agent */
        get: operations["get_agent_agents__agent_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change an agent's profile, capacity, groups or role (owners and supervisors) */
        patch: operations["update_agent_agents__agent_id__patch"];
        trace?: never;
    };
    "/connections/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One channel connection */
        get: operations["get_connection_connections__connection_id__get"];
        put?: never;
        post?: never;
        /** Disconnect a channel account: its webhooks answer 404; its conversations stay readable */
        delete: operations["disconnect_connection_connections__connection_id__delete"];
        options?: never;
        head?: never;
        /** Rename a connection, change its mode, rule or messaging terms; new credentials reconnect it */
        patch: operations["change_connection_route_connections__connection_id__patch"];
        trace?: never;
    };
    "/rules/{rule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a routing rule (owners and supervisors) */
        delete: operations["remove_rule_rules__rule_id__delete"];
        options?: never;
        head?: never;
        /** Change a routing rule; changed members redistribute per existing_conversations */
        patch: operations["change_rule_rules__rule_id__patch"];
        trace?: never;
    };
    "/conversations/{conversation_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One conversation */
        get: operations["get_conversation_conversations__conversation_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of a conversation's messages, oldest first */
        get: operations["list_messages_conversations__conversation_id__messages_get"];
        put?: never;
        /** Reply to the contact */
        post: operations["send_reply_conversations__conversation_id__messages_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a conversation read */
        post: operations["mark_read_conversations__conversation_id__read_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/flag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Flag a conversation */
        put: operations["flag_conversations__conversation_id__flag_put"];
        post?: never;
        /** Remove a conversation's flag */
        delete: operations["unflag_conversations__conversation_id__flag_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/tags/{tag_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Tag a conversation */
        put: operations["add_tag_conversations__conversation_id__tags__tag_id__put"];
        post?: never;
        /** Remove a tag from a conversation */
        delete: operations["remove_tag_conversations__conversation_id__tags__tag_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tags/{tag_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a tag (from every conversation at once) */
        delete: operations["remove_tag_tags__tag_id__delete"];
        options?: never;
        head?: never;
        /** Rename a tag (on every conversation at once) */
        patch: operations["change_tag_tags__tag_id__patch"];
        trace?: never;
    };
    "/webhooks/{channel}/{connection_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Web widget, partner inbox and marketplace events (signed: X-Switchboard-Signature) */
        post: operations["signed_webhook_webhooks__channel___connection_id__post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/assign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign a conversation to an agent */
        post: operations["assign_conversations__conversation_id__assign_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim a waiting conversation for oneself */
        post: operations["claim_conversation_conversations__conversation_id__claim_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Transfer a conversation to another agent */
        post: operations["transfer_conversation_conversations__conversation_id__transfer_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/messages/{message_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver a failed agent message again (409 not_failed for any other message) */
        post: operations["retry_message_conversations__conversation_id__messages__message_id__retry_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End a conversation (closed as ended) */
        post: operations["end_conversations__conversation_id__end_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close as resolved, or refund order items and close as refunded */
        post: operations["close_conversations__conversation_id__close_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a closed conversation */
        post: operations["reopen_conversations__conversation_id__reopen_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tell the contact we cannot help, and close as declined */
        post: operations["decline_conversation_conversations__conversation_id__decline_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/contacts/{contact_id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a contact (irreversible); closes their conversation */
        post: operations["block_contacts__contact_id__block_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations/{conversation_id}/appeal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Appeal a ticket to platform support (escalates it) */
        post: operations["appeal_conversation_conversations__conversation_id__appeal_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling agent */
        get: operations["get_me_me_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's agents */
        get: operations["list_agents_agents_get"];
        put?: never;
        /** Add an agent to the organization (owners and supervisors) */
        post: operations["create_agent_agents_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's settings: SLA hours and days, takeover and fallback agents */
        get: operations["get_settings_settings_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the organization's settings (owners and supervisors) */
        patch: operations["update_settings_settings_patch"];
        trace?: never;
    };
    "/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's channel connections */
        get: operations["list_connections_connections_get"];
        put?: never;
        /** Connect a channel account (owners and supervisors) */
        post: operations["create_connection_connections_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's routing rules */
        get: operations["list_rules_rules_get"];
        put?: never;
        /** Create a routing rule (owners and supervisors) */
        post: operations["create_routing_rule_rules_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A page of a conversation list (a view), filtered, searched and sorted */
        get: operations["list_conversations_conversations_get"];
        put?: never;
        /** Start a conversation with a buyer where the channel allows the seller to (a marketplace order created within 60 days or with an open return) */
        post: operations["start_conversations_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/inbox/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Badges: unread and queued per connection and per store, tickets per category, my filters */
        get: operations["inbox_counts_inbox_counts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's tags */
        get: operations["list_tags_tags_get"];
        put?: never;
        /** Create a tag */
        post: operations["new_tag_tags_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization's response templates */
        get: operations["list_templates_templates_get"];
        put?: never;
        /** Create a response template, one text per language */
        post: operations["new_template_templates_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/zalo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Zalo OA events (signed: X-ZEvent-Signature) */
        post: operations["zalo_webhook_webhooks_zalo_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/messenger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messenger's subscription handshake: echoes hub.challenge */
        get: operations["messenger_handshake_webhooks_messenger_get"];
        put?: never;
        /** Messenger page events (signed: X-Hub-Signature-256) */
        post: operations["messenger_webhook_webhooks_messenger_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/shopee": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Shopee pushes: Webchat Push (code 10) stored; others acknowledged (signed: Authorization) */
        post: operations["shopee_webhook_webhooks_shopee_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/lazada": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lazada's push: IM messages and session updates (signed: Authorization) */
        post: operations["lazada_webhook_webhooks_lazada_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/tiktok_shop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** TikTok Shop webhooks: new messages (14) stored; others acknowledged (signed: Authorization) */
        post: operations["tiktok_shop_webhook_webhooks_tiktok_shop_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Start or stop accepting new conversations */
        put: operations["set_status_me_status_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/me/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Console presence: when it opens, every 60 s while open, when it closes */
        post: operations["heartbeat_me_presence_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A pre-signed S3 PUT for a file to attach to a reply */
        post: operations["create_upload_uploads_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/translate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Translate a draft into the contact's language */
        post: operations["translate_draft_translate_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/service": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service report of the organization, or of one agent, over the last days */
        get: operations["get_service_report_reports_service_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AgentChanges */
        AgentChanges: {
            /** Nickname */
            nickname?: string | null;
            /** Role */
            role?: ("agent" | "supervisor" | "owner") | null;
            /** Capacity */
            capacity?: number | null;
            /** Groups */
            groups?: string[] | null;
            /** Weight */
            weight?: number | null;
            /** Bound Pages */
            bound_pages?: string[] | null;
            /** Accepting */
            accepting?: boolean | null;
        };
        /** AgentList */
        AgentList: {
            /** Items */
            items: components["schemas"]["AgentOut"][];
        };
        /** AgentOut */
        AgentOut: {
            /** Agent Id */
            agent_id: string;
            /** Email */
            email: string;
            /** Nickname */
            nickname: string;
            role: components["schemas"]["Role"];
            /** Accepting */
            accepting: boolean;
            /** Online */
            online: boolean;
            /** Capacity */
            capacity: number;
            /** Load */
            load: number;
            /** Groups */
            groups: string[];
            /** Weight */
            weight: number;
            /** Bound Pages */
            bound_pages: string[];
            /** Last Seen At */
            last_seen_at: string | null;
        };
        /** AppealRequest */
        AppealRequest: {
            /** Note */
            note: string;
        };
        /** AssignTo */
        AssignTo: {
            /**
             * Agent Id
             * @description an id this API issued
             */
            agent_id: string;
        };
        /** AttachmentOut */
        AttachmentOut: {
            /** Type */
            type: string;
            /** Url */
            url?: string | null;
            /** Name */
            name?: string | null;
            /** Object Key */
            object_key?: string | null;
            /** Content Type */
            content_type?: string | null;
            /** Size */
            size?: number | null;
        };
        /** AttachmentRef */
        AttachmentRef: {
            /**
             * Type
             * @description image, video, audio or file
             * @default file
             */
            type?: string;
            /** Url */
            url?: string | null;
            /** Name */
            name?: string | null;
            /**
             * Object Key
             * @description a file uploaded through POST /uploads
             */
            object_key?: string | null;
        };
        /** CardOut */
        CardOut: {
            /**
             * Kind
             * @enum {string}
             */
            kind: "item" | "order";
            /**
             * Id
             * @description the marketplace's item (product) id or order id
             */
            id: string;
        };
        /** CardRef */
        CardRef: {
            /**
             * Kind
             * @description an item (product) card or an order card
             * @enum {string}
             */
            kind: "item" | "order";
            /**
             * Id
             * @description the marketplace's item (product) id or order id (Shopee: the order_sn)
             */
            id: string;
        };
        /**
         * Channel
         * @enum {string}
         */
        Channel: "zalo" | "messenger" | "web" | "partner" | "marketplace" | "wish" | "shopee" | "lazada" | "tiktok_shop";
        /**
         * CloseReason
         * @enum {string}
         */
        CloseReason: "resolved" | "ended" | "timeout" | "refunded" | "declined" | "blocked";
        /** CloseRefunded */
        CloseRefunded: {
            /**
             * Reason
             * @constant
             */
            reason: "refunded";
            /** Refund Item Ids */
            refund_item_ids: string[];
        };
        /** CloseResolved */
        CloseResolved: {
            /**
             * Reason
             * @default resolved
             * @constant
             */
            reason?: "resolved";
            /**
             * Refund Item Ids
             * @description order items to refund: the conversation closes as refunded
             * @default []
             */
            refund_item_ids?: string[];
        };
        /** ConnectionChanges */
        ConnectionChanges: {
            /** Name */
            name?: string | null;
            /**
             * Credentials
             * @description new credentials reconnect the connection (the channel's own keys, as on creation)
             */
            credentials?: {
                [key: string]: string;
            } | null;
            /** Mode */
            mode?: ("only_me" | "shared") | null;
            /**
             * Rule Id
             * @description null takes the connection out of its rule
             */
            rule_id?: string | null;
            settings?: components["schemas"]["ConnectionSettingsChanges"] | null;
            /** Market */
            market?: string | null;
        };
        /** ConnectionCounts */
        ConnectionCounts: {
            /** Connection Id */
            connection_id: string;
            /** Unread */
            unread: number;
            /** Queued */
            queued: number;
        };
        /** ConnectionList */
        ConnectionList: {
            /** Items */
            items: components["schemas"]["ConnectionOut"][];
        };
        /**
         * ConnectionMode
         * @enum {string}
         */
        ConnectionMode: "only_me" | "shared";
        /** ConnectionOut */
        ConnectionOut: {
            /** Connection Id */
            connection_id: string;
            channel: components["schemas"]["Channel"];
            /** Name */
            name: string;
            /** External Id */
            external_id: string;
            mode: components["schemas"]["ConnectionMode"];
            /** Rule Id */
            rule_id: string | null;
            /**
             * Status
             * @description connected
             */
            status: string;
            /** Connected By */
            connected_by: string;
            /** Connected At */
            connected_at: string;
            /**
             * Webhook Path
             * @description where the channel posts its events, under the stack's webhook URL (`/config.json` `webhook_url`)
             */
            webhook_path: string;
            settings: components["schemas"]["ConnectionSettingsOut"];
            /**
             * Market
             * @description a store's market (ISO 3166-1 alpha-2: VN, TH, MY), as the marketplace reported it or the seller gave it; null if neither
             */
            market?: string | null;
            /** @description the channel's latest policy action on the account; null: none */
            enforcement?: components["schemas"]["EnforcementOut"] | null;
            /**
             * App Role
             * @description Messenger: our app's role on the page (app_roles); as secondary_receiver, replies answer 409 thread_controlled_by_other_app until the primary receiver passes the thread; null: Meta never said
             */
            app_role?: ("primary_receiver" | "secondary_receiver") | null;
        };
        /**
         * ConnectionSettingsChanges
         * @description The account's messaging terms where the channel's differ by account; only the ones named change.
         */
        ConnectionSettingsChanges: {
            /**
             * Human Agent Tag
             * @description Messenger: the page is permitted the HUMAN_AGENT tag, so people may reply for 7 days
             */
            human_agent_tag?: boolean | null;
            /**
             * Free Replies
             * @description Zalo: free replies after each customer message, within 48 h (8)
             */
            free_replies?: number | null;
            /**
             * Consultation Messages
             * @description Zalo: the OA sends (paid) consultation messages within 7 days of the user's last message
             */
            consultation_messages?: boolean | null;
            /**
             * Pass Thread On Request
             * @description Messenger: when another app asks for a thread (request_thread_control), pass it to that app at once (Handover API) instead of leaving the request for a person in Meta's inbox
             */
            pass_thread_on_request?: boolean | null;
        };
        /** ConnectionSettingsOut */
        ConnectionSettingsOut: {
            /**
             * Human Agent Tag
             * @description Messenger: the page is permitted the HUMAN_AGENT tag (replies for 7 days)
             */
            human_agent_tag: boolean;
            /**
             * Free Replies
             * @description Zalo: free replies after each customer message, within 48 h
             */
            free_replies: number;
            /**
             * Consultation Messages
             * @description Zalo: the OA sends (paid) consultation messages within 7 days of the user's last message
             */
            consultation_messages: boolean;
            /**
             * Pass Thread On Request
             * @description Messenger: another app that asks for a thread is passed it at once (Handover API)
             * @default false
             */
            pass_thread_on_request?: boolean;
        };
        /** ContactOut */
        ContactOut: {
            /** Contact Id */
            contact_id: string;
            /** Name */
            name: string | null;
            /** Store Name */
            store_name: string | null;
            /** Store Url */
            store_url: string | null;
            /** Language */
            language: string | null;
            /** Blocked */
            blocked: boolean;
            /**
             * Following
             * @description whether the contact follows the account (Zalo); null: never said
             */
            following?: boolean | null;
            /**
             * Notifications
             * @description Messenger: whether the contact accepts the page's Marketing Messages (opted in, or resumed them); null: never said
             */
            notifications?: boolean | null;
            /**
             * Linked
             * @description Messenger: whether the contact linked their account with the seller's (account linking); null: never said
             */
            linked?: boolean | null;
            /**
             * Phone
             * @description Zalo: the phone number the contact shared through the OA's form (user_submit_info); null: never shared
             */
            phone?: string | null;
        };
        /** ConversationOut */
        ConversationOut: {
            /** Conversation Id */
            conversation_id: string;
            /** Connection Id */
            connection_id: string;
            channel: components["schemas"]["Channel"];
            /**
             * Marketplace
             * @description the marketplace (wish, shopee, lazada, tiktok_shop, or marketplace for the signed feed); null for chat channels
             */
            marketplace?: string | null;
            /** @description the seller's store (connection) the conversation came in on */
            store?: components["schemas"]["StoreOut"] | null;
            /**
             * Market
             * @description the store's market (ISO 3166-1 alpha-2: VN, TH, MY); null if unknown
             */
            market?: string | null;
            contact: components["schemas"]["ContactOut"];
            /**
             * Thread Owner App Id
             * @description Messenger: the app that holds the thread (handover protocol) when it is not ours; replies answer 409 thread_controlled_by_other_app until it is passed back
             */
            thread_owner_app_id?: string | null;
            /**
             * Thread Requested By App Id
             * @description Messenger: another app asked for the thread (request_thread_control) and has not been given it; a person passes it in Meta's inbox. "unknown" when the request names no app
             */
            thread_requested_by_app_id?: string | null;
            status: components["schemas"]["Status"];
            close_reason: components["schemas"]["CloseReason"] | null;
            /** Assignee Id */
            assignee_id: string | null;
            /** Rule Id */
            rule_id: string | null;
            /** Tags */
            tags: components["schemas"]["TagOut"][];
            /** Flagged */
            flagged: boolean;
            /** Unread */
            unread: boolean;
            /** Unreplied */
            unreplied: boolean;
            /** Waiting Since */
            waiting_since: string | null;
            /** Last Message At */
            last_message_at: string | null;
            /** Last Message Preview */
            last_message_preview: string | null;
            deadlines: components["schemas"]["DeadlinesOut"];
            reply_window: components["schemas"]["ReplyWindowOut"];
            /**
             * Cards
             * @description the cards a reply may carry here (`card`): item and order on Lazada, Shopee and TikTok Shop chats; none elsewhere
             * @default []
             */
            cards?: ("item" | "order")[];
            /** Expiring */
            expiring: boolean;
            /** Time Left To Respond Seconds */
            time_left_to_respond_seconds: number | null;
            /** Category */
            category: string | null;
            /** Issue Type */
            issue_type: string | null;
            /** Ticket Id */
            ticket_id: string | null;
            /**
             * Order
             * @description the marketplace order, as the marketplace sent it
             */
            order: {
                [key: string]: unknown;
            } | null;
            escalation: components["schemas"]["EscalationOut"] | null;
            refund: components["schemas"]["RefundOut"] | null;
            /** Work Items */
            work_items: components["schemas"]["WorkItemOut"][];
            /** First Response At */
            first_response_at: string | null;
            /** Created At */
            created_at: string;
            /** Closed At */
            closed_at: string | null;
        };
        /** ConversationPage */
        ConversationPage: {
            /** Items */
            items: components["schemas"]["ConversationOut"][];
            /**
             * Next Cursor
             * @description opaque; pass it back as `cursor` for the next page, with the same view
             */
            next_cursor: string | null;
            /** @description the caller's own in-progress list, per filter */
            counts: components["schemas"]["FilterCounts"];
        };
        /** DeadlinesOut */
        DeadlinesOut: {
            /** Expiring At */
            expiring_at: string | null;
            /** Takeover At */
            takeover_at: string | null;
            /** Auto Close At */
            auto_close_at: string | null;
            /** Reply Locked At */
            reply_locked_at: string | null;
        };
        /** DeclineRequest */
        DeclineRequest: {
            /**
             * Text
             * @description sent to the contact
             */
            text: string;
        };
        /** DraftTranslation */
        DraftTranslation: {
            /** Text */
            text: string;
            /** Target Language */
            target_language: string;
        };
        /** DraftTranslationOut */
        DraftTranslationOut: {
            /** Text */
            text: string;
            /** Source Language */
            source_language: string | null;
        };
        /** EnforcementOut */
        EnforcementOut: {
            /**
             * Action
             * @description Messenger's latest policy action on the page (messaging_policy_enforcement); while `block`, replies answer 409 account_blocked_by_channel
             * @enum {string}
             */
            action: "warning" | "block" | "unblock";
            /**
             * Reason
             * @description why, as Meta said (absent on unblock)
             */
            reason: string | null;
            /** At */
            at: string;
        };
        /** EscalationOut */
        EscalationOut: {
            /** Reason */
            reason: string;
            /** Note */
            note: string | null;
            /** At */
            at: string;
        };
        /**
         * ExistingConversations
         * @enum {string}
         */
        ExistingConversations: "none" | "available" | "all";
        /** FilterCounts */
        FilterCounts: {
            /** Unread */
            unread: number;
            /** Unreplied */
            unreplied: number;
            /** Expiring */
            expiring: number;
            /** Flagged */
            flagged: number;
        };
        /**
         * FirstContactEmail
         * @description Who is emailed when a contact writes for the first time (seed 000: the owner and the agent it went to).
         * @enum {string}
         */
        FirstContactEmail: "assignee" | "owners" | "both" | "none";
        /** InboxCounts */
        InboxCounts: {
            /** Connections */
            connections: components["schemas"]["ConnectionCounts"][];
            /**
             * Stores
             * @description the badges of each connected marketplace store (seed 002's entry)
             */
            stores: components["schemas"]["StoreCounts"][];
            tickets: components["schemas"]["TicketCounts"];
            mine: components["schemas"]["FilterCounts"];
        };
        /** LazadaCredentials */
        LazadaCredentials: {
            /**
             * Client Id
             * @description your Lazada app's App Key
             */
            client_id: string;
            /**
             * Client Secret
             * @description your Lazada app's App Secret (it also signs Lazada's pushes)
             */
            client_secret: string;
            /**
             * Code
             * @description the code Lazada's authorize page sent to your callback URL (works once)
             */
            code?: string | null;
            /**
             * Refresh Token
             * @description instead of code: a refresh token of the store
             */
            refresh_token?: string | null;
        } & {
            [key: string]: string;
        };
        /** MessageOut */
        MessageOut: {
            /** Message Id */
            message_id: string;
            /** Conversation Id */
            conversation_id: string;
            /**
             * Direction
             * @enum {string}
             */
            direction: "in" | "out" | "system" | "note";
            /** Text */
            text: string | null;
            /** Attachments */
            attachments: components["schemas"]["AttachmentOut"][];
            /** Author Id */
            author_id: string | null;
            /**
             * Status
             * @description received, queued, sent, delivered, failed or read
             */
            status: string;
            /**
             * Channel Message Id
             * @description the channel's id of the message (what its receipts name)
             */
            channel_message_id?: string | null;
            /** Error */
            error: string | null;
            /**
             * Mentions
             * @description a note's @mentioned agents (agent ids), told by email
             * @default []
             */
            mentions?: string[];
            /** @description the item or order card the message carries (sent, or the buyer's) */
            card?: components["schemas"]["CardOut"] | null;
            /** Created At */
            created_at: string;
            /**
             * Edited
             * @description the customer edited the message (Messenger); `text` is the latest
             * @default false
             */
            edited?: boolean;
            /**
             * Original Text
             * @description what the customer first wrote, when they edited it
             */
            original_text?: string | null;
            /**
             * Feedback
             * @description Messenger: the customer's feedback on this message of the page (response_feedback: thumbs up, good; thumbs down, bad), the latest they gave
             */
            feedback?: ("good" | "bad") | null;
            translation: components["schemas"]["TranslationOut"] | null;
        };
        /** MessagePage */
        MessagePage: {
            /** Items */
            items: components["schemas"]["MessageOut"][];
            /**
             * Next Cursor
             * @description opaque; pass it back as `cursor` for older messages
             */
            next_cursor: string | null;
        };
        /** MessengerCredentials */
        MessengerCredentials: {
            /** App Secret */
            app_secret: string;
            /** Verify Token */
            verify_token: string;
            /** Page Access Token */
            page_access_token: string;
        } & {
            [key: string]: string;
        };
        /** NewAgent */
        NewAgent: {
            /** Email */
            email: string;
            /** Nickname */
            nickname: string;
            /**
             * Role
             * @default agent
             * @enum {string}
             */
            role?: "agent" | "supervisor" | "owner";
            /**
             * Capacity
             * @description conversations held at once
             * @default 10
             */
            capacity?: number;
            /**
             * Groups
             * @description entry groups the agent serves
             * @default []
             */
            groups?: string[];
            /**
             * Weight
             * @description share of a weighted rule's conversations
             * @default 1
             */
            weight?: number;
            /**
             * Bound Pages
             * @description entry pages bound to the agent
             * @default []
             */
            bound_pages?: string[];
            /**
             * Accepting
             * @default true
             */
            accepting?: boolean;
        };
        /** NewConversation */
        NewConversation: {
            /**
             * Connection Id
             * @description an id this API issued
             */
            connection_id: string;
            /**
             * Channel User Id
             * @description the buyer's id on the channel
             */
            channel_user_id: string;
            /**
             * Order Id
             * @description the buyer's order the seller writes about
             */
            order_id: string;
            /** Text */
            text: string;
        };
        /**
         * NewLazadaConnection
         * @description A Lazada store (external_id: its seller id, as Lazada's pushes name it): the code is exchanged for
         *     tokens; its buyers' chats are pushed to /webhooks/lazada and polled to catch up.
         */
        NewLazadaConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the store's seller id; it must be the one Lazada's token answer names (else 422 account_mismatch), and left out it is that one
             */
            external_id?: string | null;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "lazada";
            credentials: components["schemas"]["LazadaCredentials"];
        };
        /** NewMessengerConnection */
        NewMessengerConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "messenger";
            credentials: components["schemas"]["MessengerCredentials"];
        };
        /** NewReply */
        NewReply: {
            /** Text */
            text?: string | null;
            /**
             * Attachments
             * @default []
             */
            attachments?: components["schemas"]["AttachmentRef"][];
            /** Template Id */
            template_id?: string | null;
            /**
             * Language
             * @description the template's language to send
             */
            language?: string | null;
            /**
             * Resolve
             * @description close as resolved once sent
             * @default false
             */
            resolve?: boolean;
            /**
             * Internal
             * @description a private note for the team: kept in the thread, never sent to the contact
             * @default false
             */
            internal?: boolean;
            /** @description an item or order card, sent after the text, where the conversation's channel carries it (its `cards`); elsewhere 422 card_not_supported */
            card?: components["schemas"]["CardRef"] | null;
        } | {
            text: string;
        } | {
            attachments: unknown[];
        } | {
            template_id: string;
        } | {
            card: Record<string, never>;
        };
        /** NewRule */
        NewRule: {
            /** Name */
            name: string;
            /**
             * Sources
             * @description connection ids
             * @default []
             */
            sources?: string[];
            /**
             * Members
             * @description agent ids
             * @default []
             */
            members?: string[];
            /**
             * Method
             * @default round_robin
             * @enum {string}
             */
            method?: "round_robin" | "self_claim" | "weighted";
            /**
             * Existing Conversations
             * @default none
             * @enum {string}
             */
            existing_conversations?: "none" | "available" | "all";
        };
        /**
         * NewShopeeConnection
         * @description A Shopee shop (external_id: its shop_id): the code is exchanged for tokens; its chats are pushed and polled.
         */
        NewShopeeConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "shopee";
            credentials: components["schemas"]["ShopeeCredentials"];
        };
        /** NewSignedConnection */
        NewSignedConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "web" | "partner" | "marketplace";
            credentials: components["schemas"]["SignedCredentials"];
        };
        /** NewTemplate */
        NewTemplate: {
            /** Name */
            name: string;
            /**
             * Texts
             * @description one text per language code
             */
            texts: {
                [key: string]: string;
            };
        };
        /**
         * NewTikTokShopConnection
         * @description A TikTok Shop shop (external_id: its shop id, as its webhooks name it): the code is exchanged for tokens and
         *     the shop's cipher; its customer service chats are pushed and polled.
         */
        NewTikTokShopConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "tiktok_shop";
            credentials: components["schemas"]["TikTokShopCredentials"];
        };
        /** NewUpload */
        NewUpload: {
            /** File Name */
            file_name: string;
            /** Content Type */
            content_type: string;
            /** Size */
            size: number;
        };
        /**
         * NewWishConnection
         * @description A Wish store (external_id: its merchant id): the code is exchanged for tokens, and its tickets are polled.
         */
        NewWishConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "wish";
            credentials: components["schemas"]["WishCredentials"];
        };
        /** NewZaloConnection */
        NewZaloConnection: {
            /** Name */
            name: string;
            /**
             * External Id
             * @description the channel's account id (Zalo OA, page id)
             */
            external_id: string;
            /**
             * Mode
             * @default shared
             * @enum {string}
             */
            mode?: "only_me" | "shared";
            /** Rule Id */
            rule_id?: string | null;
            /** Market */
            market?: string | null;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            channel: "zalo";
            credentials: components["schemas"]["ZaloCredentials"];
        };
        /** PresenceBeat */
        PresenceBeat: {
            /** Online */
            online: boolean;
        };
        /** RefundOut */
        RefundOut: {
            /** Item Ids */
            item_ids: string[];
            /** Items */
            items: components["schemas"]["RefundedItemOut"][];
            /** Amount */
            amount: number;
            /** Refunded By */
            refunded_by: string;
            /** Refunded At */
            refunded_at: string;
        };
        /** RefundedItemOut */
        RefundedItemOut: {
            /** Item Id */
            item_id: string;
            /** Name */
            name: string | null;
            /** Price */
            price: number;
        };
        /** ReplyWindowOut */
        ReplyWindowOut: {
            /**
             * Open
             * @description the channel accepts a reply now; when false a reply answers 409 outside_messaging_window
             */
            open: boolean;
            /**
             * Closes At
             * @description when replies stop being accepted (past: when they stopped); null: no time limit, or closed until the customer writes again
             */
            closes_at: string | null;
            /**
             * Reason
             * @description why it is closed
             */
            reason: ("no_customer_message" | "window_expired" | "free_replies_used" | "seller_cannot_start" | "order_too_old" | "order_unknown" | "ticket_closed" | "ticket_with_wish_support" | "ticket_awaits_buyer") | null;
        };
        /**
         * Role
         * @enum {string}
         */
        Role: "owner" | "supervisor" | "agent";
        /**
         * RoutingMethod
         * @enum {string}
         */
        RoutingMethod: "round_robin" | "self_claim" | "weighted";
        /** RuleChanges */
        RuleChanges: {
            /** Name */
            name?: string | null;
            /** Sources */
            sources?: string[] | null;
            /** Members */
            members?: string[] | null;
            /** Method */
            method?: ("round_robin" | "self_claim" | "weighted") | null;
            /** Existing Conversations */
            existing_conversations?: ("none" | "available" | "all") | null;
        };
        /** RuleDeleted */
        RuleDeleted: {
            /** Rule Id */
            rule_id: string;
            /**
             * Deleted
             * @constant
             */
            deleted: true;
        };
        /** RuleList */
        RuleList: {
            /** Items */
            items: components["schemas"]["RuleOut"][];
        };
        /** RuleOut */
        RuleOut: {
            /** Rule Id */
            rule_id: string;
            /** Name */
            name: string;
            /**
             * Sources
             * @description connection ids
             */
            sources: string[];
            /**
             * Members
             * @description agent ids
             */
            members: string[];
            method: components["schemas"]["RoutingMethod"];
            existing_conversations: components["schemas"]["ExistingConversations"];
            /** Created At */
            created_at: string;
        };
        /** ServiceDayOut */
        ServiceDayOut: {
            /**
             * Day
             * @description a UTC day, yyyy-mm-dd
             */
            day: string;
            /** Response Rate 24H */
            response_rate_24h: number | null;
            /** Late Response Rate */
            late_response_rate: number | null;
            /** Csat */
            csat: number | null;
            /**
             * Received
             * @description waits started that day
             */
            received: number;
        };
        /** ServiceReportOut */
        ServiceReportOut: {
            /** Response Rate 24H */
            response_rate_24h: number | null;
            /** Late Response Rate */
            late_response_rate: number | null;
            /** Csat */
            csat: number | null;
            /** Received Today */
            received_today: number;
            /** First Response Seconds Median */
            first_response_seconds_median: number | null;
            /**
             * Health
             * @enum {string}
             */
            health: "normal" | "watch" | "at_risk";
            /** Agent Id */
            agent_id: string | null;
            /** Days */
            days: number;
            /** Waits Counted */
            waits_counted: number;
            /** Ratings Counted */
            ratings_counted: number;
            /**
             * Series
             * @description with by=day: every day of the window, oldest first
             */
            series?: components["schemas"]["ServiceDayOut"][] | null;
        };
        /** SettingsChanges */
        SettingsChanges: {
            sla?: components["schemas"]["SlaChanges"] | null;
            /**
             * Takeover Agent Id
             * @description who takes over conversations nobody answered in time
             */
            takeover_agent_id?: string | null;
            /**
             * Fallback Agent Id
             * @description who holds new conversations while nobody is online
             */
            fallback_agent_id?: string | null;
            /**
             * First Contact Email
             * @description who is emailed when a contact writes for the first time: the assignee, the owners, both (the default) or nobody
             */
            first_contact_email?: ("assignee" | "owners" | "both" | "none") | null;
        };
        /** SettingsOut */
        SettingsOut: {
            sla: components["schemas"]["SlaOut"];
            /** Takeover Agent Id */
            takeover_agent_id: string | null;
            /** Fallback Agent Id */
            fallback_agent_id: string | null;
            first_contact_email: components["schemas"]["FirstContactEmail"];
        };
        /** ShopeeCredentials */
        ShopeeCredentials: {
            /**
             * Client Id
             * @description your Shopee app's partner_id
             */
            client_id: string;
            /**
             * Client Secret
             * @description your Shopee app's partner key (signs calls; verifies its pushes)
             */
            client_secret: string;
            /**
             * Shop Id
             * @description the shop_id Shopee's authorize redirect carried with the code (= external_id)
             */
            shop_id: string;
            /**
             * Code
             * @description the code Shopee's authorize redirect carried (works once, 10 minutes)
             */
            code?: string | null;
            /**
             * Refresh Token
             * @description instead of code: a refresh token of the shop
             */
            refresh_token?: string | null;
            /**
             * Push Url
             * @description the callback URL set for the app's pushes, when not this API's /webhooks/shopee
             */
            push_url?: string | null;
        } & {
            [key: string]: string;
        };
        /** SignedCredentials */
        SignedCredentials: {
            /** Signing Secret */
            signing_secret: string;
            /**
             * Callback Url
             * @description where replies are posted (default: the stack's)
             */
            callback_url?: string | null;
        } & {
            [key: string]: string;
        };
        /** SlaChanges */
        SlaChanges: {
            /** Expiring After Hours */
            expiring_after_hours?: number | null;
            /** Takeover After Hours */
            takeover_after_hours?: number | null;
            /** Auto Close After Days */
            auto_close_after_days?: number | null;
            /** Reply Lock After Days */
            reply_lock_after_days?: number | null;
        };
        /** SlaOut */
        SlaOut: {
            /** Expiring After Hours */
            expiring_after_hours: number;
            /** Takeover After Hours */
            takeover_after_hours: number;
            /** Auto Close After Days */
            auto_close_after_days: number;
            /** Reply Lock After Days */
            reply_lock_after_days: number;
        };
        /**
         * Status
         * @enum {string}
         */
        Status: "unassigned" | "open" | "awaiting_customer" | "escalated" | "closed";
        /** StatusChange */
        StatusChange: {
            /** Accepting */
            accepting: boolean;
        };
        /** StoreCounts */
        StoreCounts: {
            /** Connection Id */
            connection_id: string;
            /**
             * Marketplace
             * @description the marketplace the store sells on (wish, marketplace for the signed feed)
             */
            marketplace: string;
            /** Name */
            name: string;
            /**
             * Market
             * @description the store's market (VN, TH, MY); null if unknown
             */
            market: string | null;
            /**
             * Unread
             * @description conversations of the store with unread customer messages
             */
            unread: number;
            /**
             * Queued
             * @description conversations of the store waiting in the unassigned queue
             */
            queued: number;
        };
        /** StoreOut */
        StoreOut: {
            /** Connection Id */
            connection_id: string;
            /**
             * Name
             * @description the connection's name: the seller's store, page or account
             */
            name: string;
        };
        /** TagDeleted */
        TagDeleted: {
            /** Tag Id */
            tag_id: string;
            /**
             * Deleted
             * @constant
             */
            deleted: true;
        };
        /** TagList */
        TagList: {
            /** Items */
            items: components["schemas"]["TagOut"][];
        };
        /** TagName */
        TagName: {
            /** Name */
            name: string;
        };
        /** TagOut */
        TagOut: {
            /** Tag Id */
            tag_id: string;
            /** Name */
            name: string;
        };
        /** TemplateList */
        TemplateList: {
            /** Items */
            items: components["schemas"]["TemplateOut"][];
        };
        /** TemplateOut */
        TemplateOut: {
            /** Template Id */
            template_id: string;
            /** Name */
            name: string;
            /**
             * Texts
             * @description one text per language code
             */
            texts: {
                [key: string]: string;
            };
            /** Created At */
            created_at: string;
        };
        /** TicketCounts */
        TicketCounts: {
            /** Pre Purchase */
            pre_purchase: number;
            /** Post Purchase Ticket */
            post_purchase_ticket: number;
            /** Post Purchase Support */
            post_purchase_support: number;
            /** Awaiting Customer */
            awaiting_customer: number;
            /** Closed */
            closed: number;
        };
        /** TikTokShopCredentials */
        TikTokShopCredentials: {
            /**
             * Client Id
             * @description your TikTok Shop app's app_key
             */
            client_id: string;
            /**
             * Client Secret
             * @description your TikTok Shop app's app_secret (signs calls; verifies its webhooks)
             */
            client_secret: string;
            /**
             * Shop Id
             * @description the shop's id, as its webhooks name it (= external_id)
             */
            shop_id: string;
            /**
             * Code
             * @description the auth_code TikTok Shop's authorize page sent to your redirect URL
             */
            code?: string | null;
            /**
             * Refresh Token
             * @description instead of code: a refresh token of the shop (then shop_cipher too)
             */
            refresh_token?: string | null;
            /**
             * Shop Cipher
             * @description the shop's cipher (read from Get Authorized Shops when a code is given)
             */
            shop_cipher?: string | null;
        } & {
            [key: string]: string;
        };
        /** TransferToAgent */
        TransferToAgent: {
            /**
             * Agent Id
             * @description an id this API issued
             */
            agent_id: string;
        };
        /** TransferToNickname */
        TransferToNickname: {
            /** Nickname */
            nickname: string;
        };
        /** TranslationOut */
        TranslationOut: {
            /** Language */
            language: string;
            /** Text */
            text: string;
            /** Source Language */
            source_language: string | null;
        };
        /** UploadOut */
        UploadOut: {
            /**
             * Upload Url
             * @description a pre-signed S3 PUT
             */
            upload_url: string;
            /**
             * Object Key
             * @description name it in a reply's attachments as {"object_key"}
             */
            object_key: string;
            /** Expires At */
            expires_at: string;
        };
        /** WebhookReceipt */
        WebhookReceipt: {
            /**
             * Received
             * @description events in the body for this connection
             */
            received: number;
            /** Stored */
            stored: number;
            /** Duplicates */
            duplicates: number;
            /**
             * Applied
             * @description receipts that moved messages to delivered or read, follows that marked the contact
             * @default 0
             */
            applied?: number;
            /** Conversation Ids */
            conversation_ids: string[];
        };
        /** WishCredentials */
        WishCredentials: {
            /**
             * Client Id
             * @description your Wish app's client id
             */
            client_id: string;
            /** Client Secret */
            client_secret: string;
            /**
             * Code
             * @description the code Wish's authorize page sent to your redirect URI (works once, 5 minutes)
             */
            code?: string | null;
            /** Redirect Uri */
            redirect_uri?: string | null;
            /**
             * Refresh Token
             * @description instead of code: a refresh token of the store
             */
            refresh_token?: string | null;
        } & {
            [key: string]: string;
        };
        /** WorkItemOut */
        WorkItemOut: {
            /** Work Item Id */
            work_item_id: string;
            type: components["schemas"]["WorkItemType"];
            status: components["schemas"]["WorkItemStatus"];
        };
        /**
         * WorkItemStatus
         * @enum {string}
         */
        WorkItemStatus: "open" | "completed" | "cancelled" | "declined" | "closed";
        /**
         * WorkItemType
         * @enum {string}
         */
        WorkItemType: "proposal" | "job" | "invoice";
        /** ZaloCredentials */
        ZaloCredentials: {
            /** App Id */
            app_id: string;
            /** Oa Secret Key */
            oa_secret_key: string;
            /** Access Token */
            access_token: string;
        } & {
            [key: string]: string;
        };
        Error: {
            error: {
                code: string;
                message: string;
            };
        };
        /** ValidationError */
        ValidationError: {
            loc: (string | number)[];
            msg: string;
            type: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    get_agent_agents__agent_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_agent_agents__agent_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agent_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentChanges"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_connection_connections__connection_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                connection_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    disconnect_connection_connections__connection_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                connection_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    change_connection_route_connections__connection_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                connection_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectionChanges"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    remove_rule_rules__rule_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleDeleted"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    change_rule_rules__rule_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                rule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RuleChanges"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_conversation_conversations__conversation_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_messages_conversations__conversation_id__messages_get: {
        parameters: {
            query?: {
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string | null;
                translate_to?: string | null;
            };
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No translation service in this deployment (the local stack) */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    send_reply_conversations__conversation_id__messages_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewReply"];
            };
        };
        responses: {
            /** @description The message, stored and queued for delivery (or the note) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description outside_messaging_window: the channel would refuse the message now (reply_window says why); nothing is stored or queued. Also contact_blocked, reply_window_closed, concurrent_update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description card_not_supported: the conversation's channel carries no such card; invalid_card: its id is not the channel's form; nothing is stored or queued */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mark_read_conversations__conversation_id__read_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    flag_conversations__conversation_id__flag_put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unflag_conversations__conversation_id__flag_delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    add_tag_conversations__conversation_id__tags__tag_id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
                tag_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    remove_tag_conversations__conversation_id__tags__tag_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
                tag_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    remove_tag_tags__tag_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tag_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagDeleted"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    change_tag_tags__tag_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tag_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagName"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signed_webhook_webhooks__channel___connection_id__post: {
        parameters: {
            query?: never;
            header: {
                /** @description sha256=<hex HMAC-SHA256(signing secret, timestamp + "." + raw body)> */
                "x-switchboard-signature": string;
                /** @description unix seconds; older than 5 minutes is refused */
                "x-switchboard-timestamp": string;
            };
            path: {
                channel: "web" | "partner" | "marketplace";
                connection_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    event_id?: string;
                    /** @enum {string} */
                    type?: "message" | "rating" | "read";
                    contact: {
                        id: string;
                        /** @description a customer's text; a number is kept as written */
                        name?: string | number | boolean;
                        /** @description a customer's text; a number is kept as written */
                        store_name?: string | number | boolean;
                        /** @description a customer's text; a number is kept as written */
                        store_url?: string | number | boolean;
                        /** @description a customer's text; a number is kept as written */
                        language?: string | number | boolean;
                    };
                    entry?: {
                        /** @description a customer's text; a number is kept as written */
                        group?: string | number | boolean;
                        /** @description a customer's text; a number is kept as written */
                        page?: string | number | boolean;
                    };
                    message?: {
                        id?: string;
                        /** @description a customer's text; a number is kept as written */
                        text?: string | number | boolean;
                        attachments?: {
                            type?: string;
                            url?: string | null;
                            name?: string | null;
                        }[];
                    };
                    ticket?: {
                        /** @description a customer's text; a number is kept as written */
                        id?: string | number | boolean;
                        /** @enum {string|null} */
                        category?: "pre_purchase" | "post_purchase_ticket" | "post_purchase_support" | null;
                        /** @description a customer's text; a number is kept as written */
                        issue_type?: string | number | boolean;
                        /** @description a customer's text; a number is kept as written */
                        region?: string | number | boolean;
                        order?: Record<string, never> | null;
                    } | null;
                    rating?: number | null;
                    work_items?: {
                        id: string;
                        /** @enum {string} */
                        type: "proposal" | "job" | "invoice";
                        /** @enum {string} */
                        status?: "open" | "completed" | "cancelled" | "declined" | "closed";
                    }[];
                    /** @description ISO 8601 */
                    sent_at: string;
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    assign_conversations__conversation_id__assign_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignTo"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    claim_conversation_conversations__conversation_id__claim_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    transfer_conversation_conversations__conversation_id__transfer_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        /** @description the agent, by id or by nickname */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferToAgent"] | components["schemas"]["TransferToNickname"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retry_message_conversations__conversation_id__messages__message_id__retry_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
                message_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failed message, queued for delivery again */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    end_conversations__conversation_id__end_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    close_conversations__conversation_id__close_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        /** @description resolved, or refunded with its items */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CloseResolved"] | components["schemas"]["CloseRefunded"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reopen_conversations__conversation_id__reopen_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    decline_conversation_conversations__conversation_id__decline_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeclineRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    block_contacts__contact_id__block_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                contact_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    appeal_conversation_conversations__conversation_id__appeal_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                conversation_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AppealRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_me_me_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_agents_agents_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentList"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_agent_agents_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewAgent"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_settings_settings_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    update_settings_settings_patch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettingsChanges"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettingsOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_connections_connections_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionList"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_connection_connections_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewZaloConnection"] | components["schemas"]["NewMessengerConnection"] | components["schemas"]["NewSignedConnection"] | components["schemas"]["NewWishConnection"] | components["schemas"]["NewShopeeConnection"] | components["schemas"]["NewLazadaConnection"] | components["schemas"]["NewTikTokShopConnection"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_rules_rules_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleList"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_routing_rule_rules_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewRule"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_conversations_conversations_get: {
        parameters: {
            query?: {
                /** @description mine: my open and awaiting ones; unclaimed: self-claim queues of my rules; all: every one not closed */
                view?: "mine" | "unassigned" | "unclaimed" | "escalated" | "history" | "all";
                filter?: ("unread" | "unreplied" | "expiring" | "flagged") | null;
                /** @description a tag_id */
                tag?: string | null;
                category?: ("pre_purchase" | "post_purchase_ticket" | "post_purchase_support") | null;
                /** @description only this connection's conversations (a store's badge opens its list) */
                connection_id?: string | null;
                status?: ("unassigned" | "open" | "awaiting_customer" | "escalated" | "closed") | null;
                /** @description case- and accent-insensitive word prefixes of contact name, store name, store URL, order id or ticket id; every word must match, one needs 2 characters */
                q?: string | null;
                /** @description waiting (longest first) or latest (newest first); the queue defaults to waiting */
                sort?: ("waiting" | "latest") | null;
                limit?: number;
                /** @description next_cursor of the previous page */
                cursor?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationPage"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    start_conversations_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewConversation"];
            };
        };
        responses: {
            /** @description The buyer's conversation, the text queued for delivery */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description outside_messaging_window: the channel or the order does not let the seller write first; nothing is stored or queued */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    inbox_counts_inbox_counts_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxCounts"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_tags_tags_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagList"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    new_tag_tags_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TagName"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    list_templates_templates_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    new_template_templates_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewTemplate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    zalo_webhook_webhooks_zalo_post: {
        parameters: {
            query?: never;
            header: {
                /** @description mac=<hex sha256(app_id + raw body + timestamp + OA secret key)> */
                "x-zevent-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description user_send_text, user_send_image, ...; others are acknowledged */
                    event_name: string;
                    /** @description milliseconds; part of the signature */
                    timestamp: string | number;
                    sender?: {
                        id: string;
                    };
                    recipient: {
                        id: string;
                    };
                    message?: {
                        msg_id?: string;
                        /** @description a customer's text; a number is kept as written */
                        text?: string | number | boolean;
                        attachments?: {
                            type?: string;
                            payload?: {
                                url?: string;
                            };
                        }[];
                    };
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    messenger_handshake_webhooks_messenger_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description hub.challenge, echoed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    messenger_webhook_webhooks_messenger_post: {
        parameters: {
            query?: never;
            header: {
                /** @description sha256=<hex HMAC-SHA256(app secret, raw body)> */
                "x-hub-signature-256": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    object?: string;
                    entry: {
                        id: string;
                        messaging?: {
                            sender?: {
                                id?: string;
                            };
                            timestamp?: number;
                            message?: {
                                mid?: string;
                                /** @description a customer's text; a number is kept as written */
                                text?: string | number | boolean;
                                is_echo?: boolean;
                                attachments?: {
                                    type?: string;
                                    payload?: {
                                        url?: string;
                                    };
                                }[];
                            };
                        }[];
                    }[];
                };
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    shopee_webhook_webhooks_shopee_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    lazada_webhook_webhooks_lazada_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    tiktok_shop_webhook_webhooks_tiktok_shop_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceipt"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    set_status_me_status_put: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StatusChange"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    heartbeat_me_presence_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PresenceBeat"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    create_upload_uploads_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NewUpload"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    translate_draft_translate_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DraftTranslation"];
            };
        };
        responses: {
            /** @description The draft in the target language */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DraftTranslationOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No translation service in this deployment (the local stack) */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    get_service_report_reports_service_get: {
        parameters: {
            query?: {
                /** @description empty: the organization */
                agent_id?: string | null;
                days?: number;
                /** @description day: add each day's figures (series) for charts */
                by?: "day" | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceReportOut"];
                };
            };
            /** @description Malformed: the body is not valid JSON, or a parameter (a cursor) is not one this API made */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No or bad credentials (console routes) or signature (webhooks) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"] | {
                        message: string;
                    };
                };
            };
            /** @description Not allowed for this role or organization */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown, or belongs to another organization */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description State conflict: already claimed, reply window closed, outside the channel's messaging window, contact blocked, concurrent update */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Valid JSON, invalid fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A defect of ours, logged */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
