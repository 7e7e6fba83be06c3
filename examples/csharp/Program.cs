// The LiveChat stack in C#: the same stack as ../yaml/Pulumi.yaml, through the SDK `pulumi package add`
// generates (PascalCase properties, input classes in Pulumi.LivechatAws.Inputs with an Args suffix).
using System.Collections.Generic;
using Pulumi;
using Pulumi.LivechatAws;
using Pulumi.LivechatAws.Inputs;

return await Deployment.RunAsync(() =>
{
    var config = new Config();
    var chat = new LiveChat("chat", new LiveChatArgs
    {
        WidgetId = config.Require("widgetId"),
        SecretString = config.RequireSecret("secret"), // the portal's {"id": …, "key": "…"} JSON
        Signer = new TokenSignerOptionsArgs
        {
            AllowedInvokerArns = { config.Require("backendRoleArn") },
            Architecture = LambdaArchitecture.Arm64,
            LogRetentionInDays = LogRetentionDays.OneMonth,
            Tags = { { "team", "web" } },
        },
        Csp = new CspPolicyOptionsArgs
        {
            InfobipLiveChat = new InfobipLiveChatCspOptionsArgs { Region = "fr" },
            Userpilot = new UserpilotCspOptionsArgs { Mode = UserpilotMode.Detailed },
            ReportOnly = true,
            ReportUri = "https://shop.example/csp-report",
        },
        InlineSnippet = true,
    });

    return new Dictionary<string, object?>
    {
        ["signerUrl"] = chat.FunctionUrl,
        ["responseHeadersPolicyId"] = chat.PolicyId,
        ["contentSecurityPolicy"] = chat.ContentSecurityPolicy,
        ["snippet"] = chat.Snippet,
    };
});
