// Creates the emulator's CA and server certificate before VS Code starts: the extension host
// reads NODE_EXTRA_CA_CERTS only once, at start-up.
import { ensureCertificates } from '../../emulator/src/index';

console.log(`Emulator CA: ${ensureCertificates().caPath}`);
