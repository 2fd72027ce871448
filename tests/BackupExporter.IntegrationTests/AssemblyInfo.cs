// The integration tests start Linux server binaries and use Unix permissions, FIFOs and sockets.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
