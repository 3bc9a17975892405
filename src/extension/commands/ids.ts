/** The IDs of the sidebar's commands (declared in package.json contributes.commands). */
export const COMMANDS = {
  exportCallsJson: 'sccpDissect.exportCallsJson',
  showCallFlow: 'sccpDissect.showCallFlow',
  goToFrame: 'sccpDissect.goToFrame',
  filterMessages: 'sccpDissect.filterMessages',
  copyFieldValue: 'sccpDissect.copyFieldValue',
  revealBytes: 'sccpDissect.revealBytes',
  openDecodedAsText: 'sccpDissect.openDecodedAsText',
} as const;
