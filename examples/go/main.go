// The LiveChat stack in Go: the same stack as ../yaml/Pulumi.yaml, through the SDK `pulumi package add`
// generates (package livechataws; plain arguments are pointers, Inputs are pulumi.*Input).
package main

import (
	"example.com/pulumi-livechat-aws/sdk/go/livechataws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		architecture := livechataws.LambdaArchitectureArm64
		retention := livechataws.LogRetentionDaysOneMonth
		mode := livechataws.UserpilotModeDetailed
		chat, err := livechataws.NewLiveChat(ctx, "chat", &livechataws.LiveChatArgs{
			WidgetId:     cfg.Require("widgetId"),
			SecretString: cfg.RequireSecret("secret"), // the portal's {"id": …, "key": "…"} JSON
			Signer: &livechataws.TokenSignerOptionsArgs{
				AllowedInvokerArns: []pulumi.StringInput{pulumi.String(cfg.Require("backendRoleArn"))},
				Architecture:       &architecture,
				LogRetentionInDays: &retention,
				Tags:               pulumi.StringMap{"team": pulumi.String("web")},
			},
			Csp: &livechataws.CspPolicyOptionsArgs{
				InfobipLiveChat: &livechataws.InfobipLiveChatCspOptionsArgs{Region: pulumi.StringRef("fr")},
				Userpilot:       &livechataws.UserpilotCspOptionsArgs{Mode: &mode},
				ReportOnly:      pulumi.BoolRef(true),
				ReportUri:       pulumi.StringRef("https://shop.example/csp-report"),
			},
			InlineSnippet: pulumi.BoolRef(true),
		})
		if err != nil {
			return err
		}
		ctx.Export("signerUrl", chat.FunctionUrl)
		ctx.Export("responseHeadersPolicyId", chat.PolicyId)
		ctx.Export("contentSecurityPolicy", chat.ContentSecurityPolicy)
		ctx.Export("snippet", chat.Snippet)
		return nil
	})
}
