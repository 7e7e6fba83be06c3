"""The LiveChat stack in Python: the same stack as ../yaml/Pulumi.yaml, through the SDK
`pulumi package add` generates (snake_case names, `…Args` input classes, enums as classes)."""

import pulumi
import pulumi_livechat_aws as livechat_aws

config = pulumi.Config()

chat = livechat_aws.LiveChat(
    "chat",
    widget_id=config.require("widgetId"),
    secret_string=config.require_secret("secret"),  # the portal's {"id": …, "key": "…"} JSON
    signer=livechat_aws.TokenSignerOptionsArgs(
        allowed_invoker_arns=[config.require("backendRoleArn")],
        architecture=livechat_aws.LambdaArchitecture.ARM64,
        log_retention_in_days=livechat_aws.LogRetentionDays.ONE_MONTH,
        tags={"team": "web"},
    ),
    csp=livechat_aws.CspPolicyOptionsArgs(
        infobip_live_chat=livechat_aws.InfobipLiveChatCspOptionsArgs(region="fr"),
        userpilot=livechat_aws.UserpilotCspOptionsArgs(mode=livechat_aws.UserpilotMode.DETAILED),
        report_only=True,
        report_uri="https://shop.example/csp-report",
    ),
    inline_snippet=True,
)

pulumi.export("signerUrl", chat.function_url)
pulumi.export("responseHeadersPolicyId", chat.policy_id)
pulumi.export("contentSecurityPolicy", chat.content_security_policy)
pulumi.export("snippet", chat.snippet)
