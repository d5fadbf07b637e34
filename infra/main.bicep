// CertVerify on Azure Container Apps: a resource group and the shared resources in it (resources.bicep). The container
// apps themselves are CertVerify.AppHost/infra/*.tmpl.yaml, which azd deploys after this (docs/deployment.md).
// The AppHost's manifest parameters are declared here so that azd asks for them once, at `azd provision`, and keeps
// them in the environment; the templates read them with parameter / securedParameter.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; the resource group is rg-<name>')
param environmentName string

@minLength(1)
@description('Azure region of every resource')
param location string

@description('The deploying user or principal, given access to the Container Apps environment')
param principalId string = ''

@description('The public address, https://<host> with no path: links, QR codes and the issuer did:web (Certificates:PublicBaseUrl)')
param public_base_url string

@metadata({
  azd: {
    type: 'generate'
    config: {
      length: 20
      noSpecial: true
    }
  }
})
@secure()
@description('The first Admin password (admin-password)')
param admin_password string

@description('Networks (CIDR, separated by spaces) of the ingress in front of Nginx, whose X-Forwarded-For and -Proto Nginx believes: the Container Apps environment\'s address range (trusted-ingress-networks)')
param trusted_ingress_networks string = ''

@secure()
@description('The PFX (base64) whose RSA key encrypts the Data Protection key ring in PostgreSQL (key-protection-certificate)')
param key_protection_certificate string

@secure()
@description('Connection string of the managed PostgreSQL database (Npgsql form: Host=...;Database=certverify;Username=...;Password=...;SSL Mode=Require)')
param certverify string

@secure()
@description('Connection string of the managed Redis (StackExchange.Redis form: <host>:6380,password=...,ssl=True,abortConnect=False)')
param redis string

@secure()
@description('Connection string of the SMTP server mail is sent through (Endpoint=smtp://host:587;Username=...;Password=...; STARTTLS required unless Security= says otherwise; docs/mail.md)')
param mail string

var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  scope: rg
  name: 'resources'
  params: {
    location: location
    tags: tags
    principalId: principalId
  }
}

// Read by azd (and by the templates as {{ .Env.NAME }}).
output MANAGED_IDENTITY_CLIENT_ID string = resources.outputs.MANAGED_IDENTITY_CLIENT_ID
output MANAGED_IDENTITY_NAME string = resources.outputs.MANAGED_IDENTITY_NAME
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = resources.outputs.AZURE_LOG_ANALYTICS_WORKSPACE_NAME
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.AZURE_CONTAINER_REGISTRY_ENDPOINT
output AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID string = resources.outputs.AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_NAME
output AZURE_CONTAINER_APPS_ENVIRONMENT_ID string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_ID
output AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN string = resources.outputs.AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN
