import '@vaadin/vertical-layout/src/vaadin-vertical-layout.js';
import '@vaadin/app-layout/src/vaadin-app-layout.js';
import '@vaadin/app-layout/src/vaadin-drawer-toggle.js';
import '@vaadin/button/src/vaadin-button.js';
import '@vaadin/tooltip/src/vaadin-tooltip.js';
import 'Frontend/generated/jar-resources/disableOnClickFunctions.js';
import '@vaadin/side-nav/src/vaadin-side-nav.js';
import '@vaadin/side-nav/src/vaadin-side-nav-item.js';
import '@vaadin/icons/vaadin-iconset.js';
import '@vaadin/icon/src/vaadin-icon.js';
import '@vaadin/horizontal-layout/src/vaadin-horizontal-layout.js';
import 'Frontend/generated/jar-resources/menubarConnector.js';
import 'Frontend/generated/jar-resources/contextMenuConnector.js';
import '@vaadin/menu-bar/src/vaadin-menu-bar.js';
import '@vaadin/context-menu/src/vaadin-context-menu.js';
import 'Frontend/generated/jar-resources/flow-component-renderer.js';
import 'Frontend/generated/jar-resources/flow-component-directive.js';
import 'Frontend/generated/jar-resources/contextMenuTargetConnector.js';
import '@vaadin/avatar/src/vaadin-avatar.js';
import '@vaadin/grid/src/vaadin-grid.js';
import '@vaadin/grid/src/vaadin-grid-column.js';
import '@vaadin/grid/src/vaadin-grid-sorter.js';
import '@vaadin/checkbox/src/vaadin-checkbox.js';
import 'Frontend/generated/jar-resources/gridConnector.ts';
import 'Frontend/generated/jar-resources/vaadin-grid-flow-selection-column.js';
import '@vaadin/grid/src/vaadin-grid-column-group.js';
import 'Frontend/generated/jar-resources/lit-renderer.ts';
import '@vaadin/common-frontend/ConnectionIndicator.js';
import 'Frontend/generated/jar-resources/ReactRouterOutletElement.tsx';

const loadOnDemand = (key) => {
  const pending = [];
  if (key === '7db56010a88d98bc9afcc4a12185f2098caf8086735ff250ccf7d4c3f7b5e583') {
    pending.push(import('./chunks/chunk-8cca9f547db16e1b29fee8a4744228c049ce2ffe6e3b17236a93af76486a6dec.js'));
  }
  if (key === '2998241caf3bece25a52292400918f2cdef09e080f0b09a349f2fb10b5277cae') {
    pending.push(import('./chunks/chunk-8cca9f547db16e1b29fee8a4744228c049ce2ffe6e3b17236a93af76486a6dec.js'));
  }
  if (key === '1121ee5d83b6e1b008a4a411a25e9229bebde171001ecba3776d2fa0db4bf81f') {
    pending.push(import('./chunks/chunk-266a420def034b4eb66020d5e2ccf6691714091c2ea168de39eb4b04f0d3cf04.js'));
  }
  if (key === 'aa93b222b58d78fbba032582a3f245a9166cdf9b55dec173bad7b19e5349cc5d') {
    pending.push(import('./chunks/chunk-8cca9f547db16e1b29fee8a4744228c049ce2ffe6e3b17236a93af76486a6dec.js'));
  }
  if (key === '0de698f905f0f7b98a2348700d2dc75ac0d75647332f09ef969547e61c39de7d') {
    pending.push(import('./chunks/chunk-266a420def034b4eb66020d5e2ccf6691714091c2ea168de39eb4b04f0d3cf04.js'));
  }
  if (key === '36d05f7e06d72b46f107bd53bb0a130ec40b75f2e418298e063c0ca946d0285e') {
    pending.push(import('./chunks/chunk-8cca9f547db16e1b29fee8a4744228c049ce2ffe6e3b17236a93af76486a6dec.js'));
  }
  if (key === '93ae16310f41b72951f8d7b134aea72d06cd16fb988ff2364a6abe14be20c964') {
    pending.push(import('./chunks/chunk-266a420def034b4eb66020d5e2ccf6691714091c2ea168de39eb4b04f0d3cf04.js'));
  }
  return Promise.all(pending);
}

window.Vaadin = window.Vaadin || {};
window.Vaadin.Flow = window.Vaadin.Flow || {};
window.Vaadin.Flow.loadOnDemand = loadOnDemand;
window.Vaadin.Flow.resetFocus = () => {
 let ae=document.activeElement;
 while(ae&&ae.shadowRoot) ae = ae.shadowRoot.activeElement;
 return !ae || ae.blur() || ae.focus() || true;
}