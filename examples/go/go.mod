module livechat-go

go 1.24

require (
	example.com/pulumi-livechat-aws/sdk/go v0.1.0
	github.com/pulumi/pulumi/sdk/v3 v3.259.0
)

// Written by `pulumi package add` / `pulumi install`: the generated SDK lives in this project.
replace example.com/pulumi-livechat-aws/sdk/go => ./sdks/livechat-aws
