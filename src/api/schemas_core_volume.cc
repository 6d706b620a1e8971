// Schema text (format: schema_parser.h). Field names, types and merge keys
// are facts of the Kubernetes v1.32 API.
#include "api/builtin_tables.h"

namespace wisp::api::internal {

std::string_view CoreVolumeSchemaText() {
  return R"(
@io.k8s.api.core.v1
# Every volume source sits in the embedded VolumeSource (#2).
Volume awsElasticBlockStore#2.4:AWSElasticBlockStoreVolumeSource
  azureDisk#2.22:AzureDiskVolumeSource azureFile#2.18:AzureFileVolumeSource
  cephfs#2.14:CephFSVolumeSource cinder#2.13:CinderVolumeSource
  configMap#2.19:ConfigMapVolumeSource csi#2.28:CSIVolumeSource
  downwardAPI#2.16:DownwardAPIVolumeSource emptyDir#2.2:EmptyDirVolumeSource
  ephemeral#2.29:EphemeralVolumeSource fc#2.17:FCVolumeSource flexVolume#2.12:FlexVolumeSource
  flocker#2.15:FlockerVolumeSource gcePersistentDisk#2.3:GCEPersistentDiskVolumeSource
  gitRepo#2.5:GitRepoVolumeSource glusterfs#2.9:GlusterfsVolumeSource
  hostPath#2.1:HostPathVolumeSource image#2.30:ImageVolumeSource iscsi#2.8:ISCSIVolumeSource
  *name#1 nfs#2.7:NFSVolumeSource persistentVolumeClaim#2.10:PersistentVolumeClaimVolumeSource
  photonPersistentDisk#2.23:PhotonPersistentDiskVolumeSource
  portworxVolume#2.24:PortworxVolumeSource projected#2.26:ProjectedVolumeSource
  quobyte#2.21:QuobyteVolumeSource rbd#2.11:RBDVolumeSource scaleIO#2.25:ScaleIOVolumeSource
  secret#2.6:SecretVolumeSource storageos#2.27:StorageOSVolumeSource
  vsphereVolume#2.20:VsphereVirtualDiskVolumeSource
AWSElasticBlockStoreVolumeSource fsType#2 partition#3:i readOnly#4:b *volumeID#1
AzureDiskVolumeSource cachingMode#3 *diskName#1 *diskURI#2 fsType#4 kind#6 readOnly#5:b
AzureFileVolumeSource readOnly#3:b *secretName#1 *shareName#2
CephFSVolumeSource *monitors#1:[]s|a path#2 readOnly#6:b secretFile#4
  secretRef#5:LocalObjectReference user#3
CinderVolumeSource fsType#2 readOnly#3:b secretRef#4:LocalObjectReference *volumeID#1
ConfigMapVolumeSource defaultMode#3:i items#2:[]KeyToPath|a name#1.1 optional#4:b
KeyToPath *key#1 mode#3:i *path#2
CSIVolumeSource *driver#1 fsType#3 nodePublishSecretRef#5:LocalObjectReference readOnly#2:b
  volumeAttributes#4:{}s
DownwardAPIVolumeSource defaultMode#2:i items#1:[]DownwardAPIVolumeFile|a
DownwardAPIVolumeFile fieldRef#2:ObjectFieldSelector mode#4:i *path#1
  resourceFieldRef#3:ResourceFieldSelector
EmptyDirVolumeSource medium#1 sizeLimit#2:Quantity
EphemeralVolumeSource volumeClaimTemplate#1:PersistentVolumeClaimTemplate
PersistentVolumeClaimTemplate metadata#1:ObjectMeta *spec#2:PersistentVolumeClaimSpec
FCVolumeSource fsType#3 lun#2:i readOnly#4:b targetWWNs#1:[]s|a wwids#5:[]s|a
FlexVolumeSource *driver#1 fsType#2 options#5:{}s readOnly#4:b secretRef#3:LocalObjectReference
FlockerVolumeSource datasetName#1 datasetUUID#2
GCEPersistentDiskVolumeSource fsType#2 partition#3:i *pdName#1 readOnly#4:b
GitRepoVolumeSource directory#3 *repository#1 revision#2
GlusterfsVolumeSource *endpoints#1 *path#2 readOnly#3:b
HostPathVolumeSource *path#1 type#2
ImageVolumeSource pullPolicy#2 reference#1
ISCSIVolumeSource chapAuthDiscovery#8:b chapAuthSession#11:b fsType#5 initiatorName#12 *iqn#2
  iscsiInterface#4 *lun#3:i portals#7:[]s|a readOnly#6:b secretRef#10:LocalObjectReference
  *targetPortal#1
NFSVolumeSource *path#2 readOnly#3:b *server#1
PersistentVolumeClaimVolumeSource *claimName#1 readOnly#2:b
PhotonPersistentDiskVolumeSource fsType#2 *pdID#1
PortworxVolumeSource fsType#2 readOnly#3:b *volumeID#1
ProjectedVolumeSource defaultMode#2:i sources#1:[]VolumeProjection|a
VolumeProjection clusterTrustBundle#5:ClusterTrustBundleProjection
  configMap#3:ConfigMapProjection downwardAPI#2:DownwardAPIProjection secret#1:SecretProjection
  serviceAccountToken#4:ServiceAccountTokenProjection
ClusterTrustBundleProjection labelSelector#3:LabelSelector name#1 optional#5:b *path#4
  signerName#2
ConfigMapProjection items#2:[]KeyToPath|a name#1.1 optional#4:b
DownwardAPIProjection items#1:[]DownwardAPIVolumeFile|a
SecretProjection items#2:[]KeyToPath|a name#1.1 optional#4:b
ServiceAccountTokenProjection audience#1 expirationSeconds#2:l *path#3
QuobyteVolumeSource group#5 readOnly#3:b *registry#1 tenant#6 user#4 *volume#2
RBDVolumeSource fsType#3 *image#2 keyring#6 *monitors#1:[]s|a pool#4 readOnly#8:b
  secretRef#7:LocalObjectReference user#5
ScaleIOVolumeSource fsType#9 *gateway#1 protectionDomain#5 readOnly#10:b
  *secretRef#3:LocalObjectReference sslEnabled#4:b storageMode#7 storagePool#6 *system#2
  volumeName#8
SecretVolumeSource defaultMode#3:i items#2:[]KeyToPath|a optional#4:b secretName#1
StorageOSVolumeSource fsType#3 readOnly#4:b secretRef#5:LocalObjectReference volumeName#1
  volumeNamespace#2
VsphereVirtualDiskVolumeSource fsType#2 storagePolicyID#4 storagePolicyName#3 *volumePath#1
PersistentVolume apiVersion kind metadata#1:ObjectMeta spec#2:PersistentVolumeSpec
  status#3:PersistentVolumeStatus
# Every volume source sits in the embedded PersistentVolumeSource (#2).
PersistentVolumeSpec accessModes#3:[]s|a awsElasticBlockStore#2.2:AWSElasticBlockStoreVolumeSource
  azureDisk#2.16:AzureDiskVolumeSource azureFile#2.13:AzureFilePersistentVolumeSource
  capacity#1:{}Quantity cephfs#2.9:CephFSPersistentVolumeSource
  cinder#2.8:CinderPersistentVolumeSource claimRef#4:ObjectReference
  csi#2.22:CSIPersistentVolumeSource fc#2.10:FCVolumeSource
  flexVolume#2.12:FlexPersistentVolumeSource flocker#2.11:FlockerVolumeSource
  gcePersistentDisk#2.1:GCEPersistentDiskVolumeSource
  glusterfs#2.4:GlusterfsPersistentVolumeSource hostPath#2.3:HostPathVolumeSource
  iscsi#2.7:ISCSIPersistentVolumeSource local#2.20:LocalVolumeSource mountOptions#7:[]s|a
  nfs#2.5:NFSVolumeSource nodeAffinity#9:VolumeNodeAffinity persistentVolumeReclaimPolicy#5
  photonPersistentDisk#2.17:PhotonPersistentDiskVolumeSource
  portworxVolume#2.18:PortworxVolumeSource quobyte#2.15:QuobyteVolumeSource
  rbd#2.6:RBDPersistentVolumeSource scaleIO#2.19:ScaleIOPersistentVolumeSource
  storageClassName#6 storageos#2.21:StorageOSPersistentVolumeSource
  volumeAttributesClassName#10 volumeMode#8 vsphereVolume#2.14:VsphereVirtualDiskVolumeSource
AzureFilePersistentVolumeSource readOnly#3:b *secretName#1 secretNamespace#4 *shareName#2
CephFSPersistentVolumeSource *monitors#1:[]s|a path#2 readOnly#6:b secretFile#4
  secretRef#5:SecretReference user#3
SecretReference name#1 namespace#2
CinderPersistentVolumeSource fsType#2 readOnly#3:b secretRef#4:SecretReference *volumeID#1
CSIPersistentVolumeSource controllerExpandSecretRef#9:SecretReference
  controllerPublishSecretRef#6:SecretReference *driver#1 fsType#4
  nodeExpandSecretRef#10:SecretReference nodePublishSecretRef#8:SecretReference
  nodeStageSecretRef#7:SecretReference readOnly#3:b volumeAttributes#5:{}s *volumeHandle#2
FlexPersistentVolumeSource *driver#1 fsType#2 options#5:{}s readOnly#4:b
  secretRef#3:SecretReference
GlusterfsPersistentVolumeSource *endpoints#1 endpointsNamespace#4 *path#2 readOnly#3:b
ISCSIPersistentVolumeSource chapAuthDiscovery#8:b chapAuthSession#11:b fsType#5
  initiatorName#12 *iqn#2 iscsiInterface#4 *lun#3:i portals#7:[]s|a readOnly#6:b
  secretRef#10:SecretReference *targetPortal#1
LocalVolumeSource fsType#2 *path#1
RBDPersistentVolumeSource fsType#3 *image#2 keyring#6 *monitors#1:[]s|a pool#4 readOnly#8:b
  secretRef#7:SecretReference user#5
ScaleIOPersistentVolumeSource fsType#9 *gateway#1 protectionDomain#5 readOnly#10:b
  *secretRef#3:SecretReference sslEnabled#4:b storageMode#7 storagePool#6 *system#2
  volumeName#8
StorageOSPersistentVolumeSource fsType#3 readOnly#4:b secretRef#5:ObjectReference volumeName#1
  volumeNamespace#2
VolumeNodeAffinity required#1:NodeSelector
PersistentVolumeStatus lastPhaseTransitionTime#4:Time message#2 phase#1 reason#3
PersistentVolumeClaim apiVersion kind metadata#1:ObjectMeta spec#2:PersistentVolumeClaimSpec
  status#3:PersistentVolumeClaimStatus
PersistentVolumeClaimSpec accessModes#1:[]s|a dataSource#7:TypedLocalObjectReference
  dataSourceRef#8:TypedObjectReference resources#2:VolumeResourceRequirements
  selector#4:LabelSelector storageClassName#5 volumeAttributesClassName#9 volumeMode#6
  volumeName#3
TypedLocalObjectReference apiGroup#1 *kind#2 *name#3
TypedObjectReference apiGroup#1 *kind#2 *name#3 namespace#4
VolumeResourceRequirements limits#1:{}Quantity requests#2:{}Quantity
PersistentVolumeClaimStatus accessModes#2:[]s|a allocatedResourceStatuses#7:{}s
  allocatedResources#5:{}Quantity capacity#3:{}Quantity
  conditions#4:[]PersistentVolumeClaimCondition~m:type|m:type
  currentVolumeAttributesClassName#8 modifyVolumeStatus#9:ModifyVolumeStatus phase#1
PersistentVolumeClaimCondition lastProbeTime#3:Time lastTransitionTime#4:Time message#6
  reason#5 *status#2 *type#1
ModifyVolumeStatus *status#2 targetVolumeAttributesClassName#1
)";
}

}  // namespace wisp::api::internal
