// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CoreVolumeSchemaText() {
  return R"(
@io.k8s.api.core.v1
Volume awsElasticBlockStore:AWSElasticBlockStoreVolumeSource azureDisk:AzureDiskVolumeSource
  azureFile:AzureFileVolumeSource cephfs:CephFSVolumeSource cinder:CinderVolumeSource
  configMap:ConfigMapVolumeSource csi:CSIVolumeSource downwardAPI:DownwardAPIVolumeSource
  emptyDir:EmptyDirVolumeSource ephemeral:EphemeralVolumeSource fc:FCVolumeSource
  flexVolume:FlexVolumeSource flocker:FlockerVolumeSource
  gcePersistentDisk:GCEPersistentDiskVolumeSource gitRepo:GitRepoVolumeSource
  glusterfs:GlusterfsVolumeSource hostPath:HostPathVolumeSource image:ImageVolumeSource
  iscsi:ISCSIVolumeSource *name nfs:NFSVolumeSource
  persistentVolumeClaim:PersistentVolumeClaimVolumeSource
  photonPersistentDisk:PhotonPersistentDiskVolumeSource portworxVolume:PortworxVolumeSource
  projected:ProjectedVolumeSource quobyte:QuobyteVolumeSource rbd:RBDVolumeSource
  scaleIO:ScaleIOVolumeSource secret:SecretVolumeSource storageos:StorageOSVolumeSource
  vsphereVolume:VsphereVirtualDiskVolumeSource
AWSElasticBlockStoreVolumeSource fsType partition:i readOnly:b *volumeID
AzureDiskVolumeSource cachingMode *diskName *diskURI fsType kind readOnly:b
AzureFileVolumeSource readOnly:b *secretName *shareName
CephFSVolumeSource *monitors:[]s|a path readOnly:b secretFile secretRef:LocalObjectReference user
CinderVolumeSource fsType readOnly:b secretRef:LocalObjectReference *volumeID
ConfigMapVolumeSource defaultMode:i items:[]KeyToPath|a name optional:b
KeyToPath *key mode:i *path
CSIVolumeSource *driver fsType nodePublishSecretRef:LocalObjectReference readOnly:b
  volumeAttributes:{}s
DownwardAPIVolumeSource defaultMode:i items:[]DownwardAPIVolumeFile|a
DownwardAPIVolumeFile fieldRef:ObjectFieldSelector mode:i *path
  resourceFieldRef:ResourceFieldSelector
EmptyDirVolumeSource medium sizeLimit:Quantity
EphemeralVolumeSource volumeClaimTemplate:PersistentVolumeClaimTemplate
PersistentVolumeClaimTemplate metadata:ObjectMeta *spec:PersistentVolumeClaimSpec
FCVolumeSource fsType lun:i readOnly:b targetWWNs:[]s|a wwids:[]s|a
FlexVolumeSource *driver fsType options:{}s readOnly:b secretRef:LocalObjectReference
FlockerVolumeSource datasetName datasetUUID
GCEPersistentDiskVolumeSource fsType partition:i *pdName readOnly:b
GitRepoVolumeSource directory *repository revision
GlusterfsVolumeSource *endpoints *path readOnly:b
HostPathVolumeSource *path type
ImageVolumeSource pullPolicy reference
ISCSIVolumeSource chapAuthDiscovery:b chapAuthSession:b fsType initiatorName *iqn iscsiInterface
  *lun:i portals:[]s|a readOnly:b secretRef:LocalObjectReference *targetPortal
NFSVolumeSource *path readOnly:b *server
PersistentVolumeClaimVolumeSource *claimName readOnly:b
PhotonPersistentDiskVolumeSource fsType *pdID
PortworxVolumeSource fsType readOnly:b *volumeID
ProjectedVolumeSource defaultMode:i sources:[]VolumeProjection|a
VolumeProjection clusterTrustBundle:ClusterTrustBundleProjection configMap:ConfigMapProjection
  downwardAPI:DownwardAPIProjection secret:SecretProjection
  serviceAccountToken:ServiceAccountTokenProjection
ClusterTrustBundleProjection labelSelector:LabelSelector name optional:b *path signerName
ConfigMapProjection items:[]KeyToPath|a name optional:b
DownwardAPIProjection items:[]DownwardAPIVolumeFile|a
SecretProjection items:[]KeyToPath|a name optional:b
ServiceAccountTokenProjection audience expirationSeconds:l *path
QuobyteVolumeSource group readOnly:b *registry tenant user *volume
RBDVolumeSource fsType *image keyring *monitors:[]s|a pool readOnly:b
  secretRef:LocalObjectReference user
ScaleIOVolumeSource fsType *gateway protectionDomain readOnly:b *secretRef:LocalObjectReference
  sslEnabled:b storageMode storagePool *system volumeName
SecretVolumeSource defaultMode:i items:[]KeyToPath|a optional:b secretName
StorageOSVolumeSource fsType readOnly:b secretRef:LocalObjectReference volumeName volumeNamespace
VsphereVirtualDiskVolumeSource fsType storagePolicyID storagePolicyName *volumePath
PersistentVolume apiVersion kind metadata:ObjectMeta spec:PersistentVolumeSpec
  status:PersistentVolumeStatus
PersistentVolumeSpec accessModes:[]s|a awsElasticBlockStore:AWSElasticBlockStoreVolumeSource
  azureDisk:AzureDiskVolumeSource azureFile:AzureFilePersistentVolumeSource capacity:{}Quantity
  cephfs:CephFSPersistentVolumeSource cinder:CinderPersistentVolumeSource
  claimRef:ObjectReference csi:CSIPersistentVolumeSource fc:FCVolumeSource
  flexVolume:FlexPersistentVolumeSource flocker:FlockerVolumeSource
  gcePersistentDisk:GCEPersistentDiskVolumeSource glusterfs:GlusterfsPersistentVolumeSource
  hostPath:HostPathVolumeSource iscsi:ISCSIPersistentVolumeSource local:LocalVolumeSource
  mountOptions:[]s|a nfs:NFSVolumeSource nodeAffinity:VolumeNodeAffinity
  persistentVolumeReclaimPolicy photonPersistentDisk:PhotonPersistentDiskVolumeSource
  portworxVolume:PortworxVolumeSource quobyte:QuobyteVolumeSource rbd:RBDPersistentVolumeSource
  scaleIO:ScaleIOPersistentVolumeSource storageClassName
  storageos:StorageOSPersistentVolumeSource volumeAttributesClassName volumeMode
  vsphereVolume:VsphereVirtualDiskVolumeSource
AzureFilePersistentVolumeSource readOnly:b *secretName secretNamespace *shareName
CephFSPersistentVolumeSource *monitors:[]s|a path readOnly:b secretFile secretRef:SecretReference
  user
SecretReference name namespace
CinderPersistentVolumeSource fsType readOnly:b secretRef:SecretReference *volumeID
CSIPersistentVolumeSource controllerExpandSecretRef:SecretReference
  controllerPublishSecretRef:SecretReference *driver fsType nodeExpandSecretRef:SecretReference
  nodePublishSecretRef:SecretReference nodeStageSecretRef:SecretReference readOnly:b
  volumeAttributes:{}s *volumeHandle
FlexPersistentVolumeSource *driver fsType options:{}s readOnly:b secretRef:SecretReference
GlusterfsPersistentVolumeSource *endpoints endpointsNamespace *path readOnly:b
ISCSIPersistentVolumeSource chapAuthDiscovery:b chapAuthSession:b fsType initiatorName *iqn
  iscsiInterface *lun:i portals:[]s|a readOnly:b secretRef:SecretReference *targetPortal
LocalVolumeSource fsType *path
RBDPersistentVolumeSource fsType *image keyring *monitors:[]s|a pool readOnly:b
  secretRef:SecretReference user
ScaleIOPersistentVolumeSource fsType *gateway protectionDomain readOnly:b
  *secretRef:SecretReference sslEnabled:b storageMode storagePool *system volumeName
StorageOSPersistentVolumeSource fsType readOnly:b secretRef:ObjectReference volumeName
  volumeNamespace
VolumeNodeAffinity required:NodeSelector
PersistentVolumeStatus lastPhaseTransitionTime:Time message phase reason
PersistentVolumeClaim apiVersion kind metadata:ObjectMeta spec:PersistentVolumeClaimSpec
  status:PersistentVolumeClaimStatus
PersistentVolumeClaimSpec accessModes:[]s|a dataSource:TypedLocalObjectReference
  dataSourceRef:TypedObjectReference resources:VolumeResourceRequirements
  selector:LabelSelector storageClassName volumeAttributesClassName volumeMode volumeName
TypedLocalObjectReference apiGroup *kind *name
TypedObjectReference apiGroup *kind *name namespace
VolumeResourceRequirements limits:{}Quantity requests:{}Quantity
PersistentVolumeClaimStatus accessModes:[]s|a allocatedResourceStatuses:{}s
  allocatedResources:{}Quantity capacity:{}Quantity
  conditions:[]PersistentVolumeClaimCondition~m:type|m:type currentVolumeAttributesClassName
  modifyVolumeStatus:ModifyVolumeStatus phase
PersistentVolumeClaimCondition lastProbeTime:Time lastTransitionTime:Time message reason *status
  *type
ModifyVolumeStatus *status targetVolumeAttributesClassName
)";
}

}  // namespace wisp::api::internal
