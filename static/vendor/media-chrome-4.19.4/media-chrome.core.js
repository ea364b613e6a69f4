/*! Media Chrome 4.19.4 (MIT, see LICENSE): media-controller, play, mute, captions and fullscreen buttons, time range, time display; built by scripts/vendor/build-media-chrome.sh (esbuild 0.28.2, target chrome92,edge92,firefox90,safari15.4) */
var ji=t=>{throw TypeError(t)};var di=(t,i,e)=>i.has(t)||ji("Cannot "+e);var a=(t,i,e)=>(di(t,i,"read from private field"),e?e.call(t):i.get(t)),h=(t,i,e)=>i.has(t)?ji("Cannot add the same private member more than once"):i instanceof WeakSet?i.add(t):i.set(t,e),E=(t,i,e,r)=>(di(t,i,"write to private field"),r?r.call(t,e):i.set(t,e),e),g=(t,i,e)=>(di(t,i,"access private method"),e);var Nt=class{addEventListener(){}removeEventListener(){}dispatchEvent(){return!0}},Ht=class extends Nt{},Ft=class extends Ht{constructor(){super(...arguments);this.role=null}},li=class{observe(){}unobserve(){}disconnect(){}},zi={createElement:function(){return new at.HTMLElement},createElementNS:function(){return new at.HTMLElement},addEventListener(){},removeEventListener(){},dispatchEvent(t){return!1}},at={ResizeObserver:li,document:zi,Node:Ht,Element:Ft,HTMLElement:class extends Ft{constructor(){super(...arguments);this.innerHTML=""}get content(){return new at.DocumentFragment}},DocumentFragment:class extends Nt{},customElements:{get:function(){},define:function(){},whenDefined:function(){}},localStorage:{getItem(t){return null},setItem(t,i){},removeItem(t){}},CustomEvent:function(){},getComputedStyle:function(){},navigator:{languages:[],get userAgent(){return""}},matchMedia(t){return{matches:!1,media:t}},DOMParser:class{parseFromString(i,e){return{body:{textContent:i}}}}},Xi="global"in globalThis&&globalThis?.global===globalThis||typeof window>"u"||typeof window.customElements>"u",Zi=Object.keys(at).every(t=>t in globalThis),d=Xi&&!Zi?at:globalThis,H=Xi&&!Zi?zi:globalThis.document;var p={MEDIA_PLAY_REQUEST:"mediaplayrequest",MEDIA_PAUSE_REQUEST:"mediapauserequest",MEDIA_MUTE_REQUEST:"mediamuterequest",MEDIA_UNMUTE_REQUEST:"mediaunmuterequest",MEDIA_LOOP_REQUEST:"medialooprequest",MEDIA_VOLUME_REQUEST:"mediavolumerequest",MEDIA_SEEK_REQUEST:"mediaseekrequest",MEDIA_AIRPLAY_REQUEST:"mediaairplayrequest",MEDIA_ENTER_FULLSCREEN_REQUEST:"mediaenterfullscreenrequest",MEDIA_EXIT_FULLSCREEN_REQUEST:"mediaexitfullscreenrequest",MEDIA_PREVIEW_REQUEST:"mediapreviewrequest",MEDIA_ENTER_PIP_REQUEST:"mediaenterpiprequest",MEDIA_EXIT_PIP_REQUEST:"mediaexitpiprequest",MEDIA_ENTER_CAST_REQUEST:"mediaentercastrequest",MEDIA_EXIT_CAST_REQUEST:"mediaexitcastrequest",MEDIA_SHOW_TEXT_TRACKS_REQUEST:"mediashowtexttracksrequest",MEDIA_HIDE_TEXT_TRACKS_REQUEST:"mediahidetexttracksrequest",MEDIA_SHOW_SUBTITLES_REQUEST:"mediashowsubtitlesrequest",MEDIA_DISABLE_SUBTITLES_REQUEST:"mediadisablesubtitlesrequest",MEDIA_TOGGLE_SUBTITLES_REQUEST:"mediatogglesubtitlesrequest",MEDIA_PLAYBACK_RATE_REQUEST:"mediaplaybackraterequest",MEDIA_RENDITION_REQUEST:"mediarenditionrequest",MEDIA_AUDIO_TRACK_REQUEST:"mediaaudiotrackrequest",MEDIA_SEEK_TO_LIVE_REQUEST:"mediaseektoliverequest",REGISTER_MEDIA_STATE_RECEIVER:"registermediastatereceiver",UNREGISTER_MEDIA_STATE_RECEIVER:"unregistermediastatereceiver"},k={MEDIA_CHROME_ATTRIBUTES:"mediachromeattributes",MEDIA_CONTROLLER:"mediacontroller"},ui={MEDIA_AIRPLAY_UNAVAILABLE:"mediaAirplayUnavailable",MEDIA_AUDIO_TRACK_ENABLED:"mediaAudioTrackEnabled",MEDIA_AUDIO_TRACK_LIST:"mediaAudioTrackList",MEDIA_AUDIO_TRACK_UNAVAILABLE:"mediaAudioTrackUnavailable",MEDIA_BUFFERED:"mediaBuffered",MEDIA_CAST_UNAVAILABLE:"mediaCastUnavailable",MEDIA_CHAPTERS_CUES:"mediaChaptersCues",MEDIA_CURRENT_TIME:"mediaCurrentTime",MEDIA_DURATION:"mediaDuration",MEDIA_ENDED:"mediaEnded",MEDIA_ERROR:"mediaError",MEDIA_ERROR_CODE:"mediaErrorCode",MEDIA_ERROR_MESSAGE:"mediaErrorMessage",MEDIA_FULLSCREEN_UNAVAILABLE:"mediaFullscreenUnavailable",MEDIA_HAS_PLAYED:"mediaHasPlayed",MEDIA_HEIGHT:"mediaHeight",MEDIA_IS_AIRPLAYING:"mediaIsAirplaying",MEDIA_IS_CASTING:"mediaIsCasting",MEDIA_IS_FULLSCREEN:"mediaIsFullscreen",MEDIA_IS_PIP:"mediaIsPip",MEDIA_LOADING:"mediaLoading",MEDIA_MUTED:"mediaMuted",MEDIA_LOOP:"mediaLoop",MEDIA_PAUSED:"mediaPaused",MEDIA_PIP_UNAVAILABLE:"mediaPipUnavailable",MEDIA_PLAYBACK_RATE:"mediaPlaybackRate",MEDIA_PREVIEW_CHAPTER:"mediaPreviewChapter",MEDIA_PREVIEW_COORDS:"mediaPreviewCoords",MEDIA_PREVIEW_IMAGE:"mediaPreviewImage",MEDIA_PREVIEW_TIME:"mediaPreviewTime",MEDIA_RENDITION_LIST:"mediaRenditionList",MEDIA_RENDITION_SELECTED:"mediaRenditionSelected",MEDIA_RENDITION_UNAVAILABLE:"mediaRenditionUnavailable",MEDIA_SEEKABLE:"mediaSeekable",MEDIA_STREAM_TYPE:"mediaStreamType",MEDIA_SUBTITLES_LIST:"mediaSubtitlesList",MEDIA_SUBTITLES_SHOWING:"mediaSubtitlesShowing",MEDIA_TARGET_LIVE_WINDOW:"mediaTargetLiveWindow",MEDIA_TIME_IS_LIVE:"mediaTimeIsLive",MEDIA_VOLUME:"mediaVolume",MEDIA_VOLUME_LEVEL:"mediaVolumeLevel",MEDIA_VOLUME_UNAVAILABLE:"mediaVolumeUnavailable",MEDIA_LANG:"mediaLang",MEDIA_WIDTH:"mediaWidth"},Ji=Object.entries(ui),o=Ji.reduce((t,[i,e])=>(t[i]=e.toLowerCase(),t),{}),Tn={USER_INACTIVE_CHANGE:"userinactivechange",BREAKPOINTS_CHANGE:"breakpointchange",BREAKPOINTS_COMPUTED:"breakpointscomputed"},ye=Ji.reduce((t,[i,e])=>(t[i]=e.toLowerCase(),t),{...Tn}),qo=Object.entries(ye).reduce((t,[i,e])=>{let r=o[i];return r&&(t[e]=r),t},{userinactivechange:"userinactive"}),er=Object.entries(o).reduce((t,[i,e])=>{let r=ye[i];return r&&(t[e]=r),t},{userinactive:"userinactivechange"}),q={SUBTITLES:"subtitles",CAPTIONS:"captions",DESCRIPTIONS:"descriptions",CHAPTERS:"chapters",METADATA:"metadata"},pe={DISABLED:"disabled",HIDDEN:"hidden",SHOWING:"showing"};var Vt={MOUSE:"mouse",PEN:"pen",TOUCH:"touch"},Y={UNAVAILABLE:"unavailable",UNSUPPORTED:"unsupported"},Z={LIVE:"live",ON_DEMAND:"on-demand",UNKNOWN:"unknown"};var tr={INLINE:"inline",FULLSCREEN:"fullscreen",PICTURE_IN_PICTURE:"picture-in-picture"};var ir=new WeakMap,ci=t=>{let i=ir.get(t);return i||ir.set(t,i=new Set),i},rr=new d.ResizeObserver(t=>{for(let i of t)for(let e of ci(i.target))e(i)});function Bt(t,i){ci(t).add(i),rr.observe(t)}function $t(t,i){let e=ci(t);e.delete(i),e.size||rr.unobserve(t)}function $(t){let i={};for(let e of t)i[e.name]=e.value;return i}function nr(t){return An(t)??Ee(t,"media-controller")}function An(t){let{MEDIA_CONTROLLER:i}=k,e=t.getAttribute(i);if(e)return yn(t)?.getElementById(e)}var ae=(t,i)=>!t||!i?!1:t?.contains(i)?!0:ae(t,i.getRootNode().host),Ee=(t,i)=>{if(!t)return null;let e=t.closest(i);return e||Ee(t.getRootNode().host,i)};function mi(t=document){let i=t?.activeElement;return i?mi(i.shadowRoot)??i:null}function yn(t){let i=t?.getRootNode?.();return i instanceof ShadowRoot||i instanceof Document?i:null}function Kt(t,{depth:i=3,checkOpacity:e=!0,checkVisibilityCSS:r=!0}={}){if(t.checkVisibility)return t.checkVisibility({checkOpacity:e,checkVisibilityCSS:r});let n=t;for(;n&&i>0;){let s=getComputedStyle(n);if(e&&s.opacity==="0"||r&&s.visibility==="hidden"||s.display==="none")return!1;n=n.parentElement,i--}return!0}function or(t,i,e,r){let n=r.x-e.x,s=r.y-e.y,l=n*n+s*s;if(l===0)return 0;let u=((t-e.x)*n+(i-e.y)*s)/l;return Math.max(0,Math.min(1,u))}function w(t,i){let e=Sn(t,r=>r===i);return e||hi(t,i)}function Sn(t,i){let e;for(e of t.querySelectorAll("style:not([media])")??[]){let r;try{r=e.sheet?.cssRules}catch{continue}for(let n of r??[])if(i(n.selectorText))return n}}function hi(t,i){let e=t.querySelectorAll("style:not([media])")??[],r=e?.[e.length-1];if(!r?.sheet)return console.warn("Media Chrome: No style sheet found on style tag of",t),{style:{setProperty:()=>{},removeProperty:()=>"",getPropertyValue:()=>""}};let n=r?.sheet.insertRule(`${i}{}`,r.sheet.cssRules.length);return r.sheet.cssRules?.[n]}function Q(t,i,e=Number.NaN){let r=t.getAttribute(i);return r!=null?+r:e}function j(t,i,e){let r=+e;if(e==null||Number.isNaN(r)){t.hasAttribute(i)&&t.removeAttribute(i);return}Q(t,i,void 0)!==r&&t.setAttribute(i,`${r}`)}function S(t,i){return t.hasAttribute(i)}function _(t,i,e){if(e==null){t.hasAttribute(i)&&t.removeAttribute(i);return}S(t,i)!=e&&t.toggleAttribute(i,e)}function P(t,i,e=null){return t.getAttribute(i)??e}function x(t,i,e){if(e==null){t.hasAttribute(i)&&t.removeAttribute(i);return}let r=`${e}`;P(t,i,void 0)!==r&&t.setAttribute(i,r)}function _n(t){return`
    <style>
      :host {
        display: var(--media-control-display, var(--media-gesture-receiver-display, inline-block));
        box-sizing: border-box;
      }
    </style>
  `}var V,Ke=class extends d.HTMLElement{constructor(){super();h(this,V);if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes);this.shadowRoot.innerHTML=this.constructor.getTemplateHTML(e)}}static get observedAttributes(){return[k.MEDIA_CONTROLLER,o.MEDIA_PAUSED]}attributeChangedCallback(e,r,n){e===k.MEDIA_CONTROLLER&&(r&&(a(this,V)?.unassociateElement?.(this),E(this,V,null)),n&&this.isConnected&&(E(this,V,this.getRootNode()?.getElementById(n)),a(this,V)?.associateElement?.(this)))}connectedCallback(){this.tabIndex=-1,this.setAttribute("aria-hidden","true"),E(this,V,In(this)),this.getAttribute(k.MEDIA_CONTROLLER)&&a(this,V)?.associateElement?.(this),a(this,V)&&(a(this,V).addEventListener("pointerdown",this),a(this,V).addEventListener("click",this),a(this,V).hasAttribute("tabindex")||(a(this,V).tabIndex=0))}disconnectedCallback(){this.getAttribute(k.MEDIA_CONTROLLER)&&a(this,V)?.unassociateElement?.(this),a(this,V)?.removeEventListener("pointerdown",this),a(this,V)?.removeEventListener("click",this),E(this,V,null)}handleEvent(e){let r=e.composedPath()?.[0];if(["video","media-controller"].includes(r?.localName)){if(e.type==="pointerdown")this._pointerType=e.pointerType;else if(e.type==="click"){let{clientX:s,clientY:l}=e,{left:u,top:m,width:f,height:A}=this.getBoundingClientRect(),I=s-u,b=l-m;if(I<0||b<0||I>f||b>A||f===0&&A===0)return;let T=this._pointerType||"mouse";if(this._pointerType=void 0,T===Vt.TOUCH){this.handleTap(e);return}else if(T===Vt.MOUSE||T===Vt.PEN){this.handleMouseClick(e);return}}}}get mediaPaused(){return S(this,o.MEDIA_PAUSED)}set mediaPaused(e){_(this,o.MEDIA_PAUSED,e)}handleTap(e){}handleMouseClick(e){let r=this.mediaPaused?p.MEDIA_PLAY_REQUEST:p.MEDIA_PAUSE_REQUEST;this.dispatchEvent(new d.CustomEvent(r,{composed:!0,bubbles:!0}))}};V=new WeakMap,Ke.shadowRootOptions={mode:"open"},Ke.getTemplateHTML=_n;function In(t){let i=t.getAttribute(k.MEDIA_CONTROLLER);return i?t.getRootNode()?.getElementById(i):Ee(t,"media-controller")}d.customElements.get("media-gesture-receiver")||d.customElements.define("media-gesture-receiver",Ke);var pi=Ke;var sr={"Start airplay":"Start airplay","Stop airplay":"Stop airplay",Audio:"Audio",Captions:"Captions","Enable captions":"Enable captions","Disable captions":"Disable captions","Start casting":"Start casting","Stop casting":"Stop casting","Enter fullscreen mode":"Enter fullscreen mode","Exit fullscreen mode":"Exit fullscreen mode",Mute:"Mute",Unmute:"Unmute",Loop:"Loop","Enter picture in picture mode":"Enter picture in picture mode","Exit picture in picture mode":"Exit picture in picture mode",Play:"Play",Pause:"Pause","Playback rate":"Playback rate","Playback rate {playbackRate}":"Playback rate {playbackRate}",Quality:"Quality","Seek backward":"Seek backward","Seek forward":"Seek forward",Settings:"Settings",Auto:"Auto","audio player":"audio player","video player":"video player",volume:"volume",seek:"seek","closed captions":"closed captions","current playback rate":"current playback rate","playback time":"playback time","media loading":"media loading",settings:"settings","audio tracks":"audio tracks",quality:"quality",play:"play",pause:"pause",mute:"mute",unmute:"unmute","chapter: {chapterName}":"chapter: {chapterName}",live:"live",Off:"Off","start airplay":"start airplay","stop airplay":"stop airplay","start casting":"start casting","stop casting":"stop casting","enter fullscreen mode":"enter fullscreen mode","exit fullscreen mode":"exit fullscreen mode","enter picture in picture mode":"enter picture in picture mode","exit picture in picture mode":"exit picture in picture mode","seek to live":"seek to live","playing live":"playing live","seek back {seekOffset} seconds":"seek back {seekOffset} seconds","seek forward {seekOffset} seconds":"seek forward {seekOffset} seconds","Network Error":"Network Error","Decode Error":"Decode Error","Source Not Supported":"Source Not Supported","Encryption Error":"Encryption Error","A network error caused the media download to fail.":"A network error caused the media download to fail.","A media error caused playback to be aborted. The media could be corrupt or your browser does not support this format.":"A media error caused playback to be aborted. The media could be corrupt or your browser does not support this format.","An unsupported error occurred. The server or network failed, or your browser does not support this format.":"An unsupported error occurred. The server or network failed, or your browser does not support this format.","The media is encrypted and there are no keys to decrypt it.":"The media is encrypted and there are no keys to decrypt it.",hour:"hour",hours:"hours",minute:"minute",minutes:"minutes",second:"second",seconds:"seconds","{time} remaining":"{time} remaining","{currentTime} of {totalTime}":"{currentTime} of {totalTime}","video not loaded, unknown time.":"video not loaded, unknown time."};var dt={en:sr},Ge=globalThis.navigator?.language||"en",ar=t=>{Ge=t};var Ln=t=>{let[i]=Ge.split("-");return dt[Ge]?.[t]||dt[i]?.[t]||dt.en?.[t]||t},dr=()=>{let[t]=Ge.split("-");return dt[Ge]?Ge:dt[t]?t:"en"},y=(t,i={})=>Ln(t).replace(/\{(\w+)\}/g,(e,r)=>r in i?String(i[r]):`{${r}}`);var v={AUDIO:"audio",AUTOHIDE:"autohide",BREAKPOINTS:"breakpoints",GESTURES_DISABLED:"gesturesdisabled",KEYBOARD_CONTROL:"keyboardcontrol",NO_AUTOHIDE:"noautohide",USER_INACTIVE:"userinactive",AUTOHIDE_OVER_CONTROLS:"autohideovercontrols"};function Mn(t){return`
    <style>
      
      :host([${o.MEDIA_IS_FULLSCREEN}]) ::slotted([slot=media]) {
        outline: none;
      }

      :host {
        box-sizing: border-box;
        position: relative;
        display: inline-block;
        line-height: 0;
        background-color: var(--media-background-color, #000);
        overflow: hidden;
      }

      :host(:not([${v.AUDIO}])) [part~=layer]:not([part~=media-layer]) {
        position: absolute;
        top: 0;
        left: 0;
        bottom: 0;
        right: 0;
        display: flex;
        flex-flow: column nowrap;
        align-items: start;
        pointer-events: none;
        background: none;
      }

      slot[name=media] {
        display: var(--media-slot-display, contents);
      }

      
      :host([${v.AUDIO}]) slot[name=media] {
        display: var(--media-slot-display, none);
      }

      
      :host([${v.AUDIO}]) [part~=layer][part~=gesture-layer] {
        height: 0;
        display: block;
      }

      
      :host(:not([${v.AUDIO}])[${v.GESTURES_DISABLED}]) ::slotted([slot=gestures-chrome]),
          :host(:not([${v.AUDIO}])[${v.GESTURES_DISABLED}]) media-gesture-receiver[slot=gestures-chrome] {
        display: none;
      }

      
      ::slotted(:not([slot=media]):not([slot=poster]):not(media-loading-indicator):not([role=dialog]):not([hidden])) {
        pointer-events: auto;
      }

      :host(:not([${v.AUDIO}])) *[part~=layer][part~=centered-layer] {
        align-items: center;
        justify-content: center;
      }

      :host(:not([${v.AUDIO}])) ::slotted(media-gesture-receiver[slot=gestures-chrome]),
      :host(:not([${v.AUDIO}])) media-gesture-receiver[slot=gestures-chrome] {
        align-self: stretch;
        flex-grow: 1;
      }

      slot[name=middle-chrome] {
        display: inline;
        flex-grow: 1;
        pointer-events: none;
        background: none;
      }

      
      ::slotted([slot=media]),
      ::slotted([slot=poster]) {
        width: 100%;
        height: 100%;
      }

      
      :host(:not([${v.AUDIO}])) .spacer {
        flex-grow: 1;
      }

      
      :host(:-webkit-full-screen) {
        
        width: 100% !important;
        height: 100% !important;
      }

      
      ::slotted(:not([slot=media]):not([slot=poster]):not([${v.NO_AUTOHIDE}]):not([hidden]):not([role=dialog])) {
        opacity: 1;
        transition: var(--media-control-transition-in, opacity 0.25s);
      }

      
      :host([${v.USER_INACTIVE}]:not([${o.MEDIA_PAUSED}]):not([${o.MEDIA_IS_AIRPLAYING}]):not([${o.MEDIA_IS_CASTING}]):not([${v.AUDIO}])) ::slotted(:not([slot=media]):not([slot=poster]):not([${v.NO_AUTOHIDE}]):not([role=dialog])) {
        opacity: 0;
        transition: var(--media-control-transition-out, opacity 1s);
      }

      :host([${v.USER_INACTIVE}]:not([${v.NO_AUTOHIDE}]):not([${o.MEDIA_PAUSED}]):not([${o.MEDIA_IS_CASTING}]):not([${v.AUDIO}])) ::slotted([slot=media]) {
        cursor: none;
      }

      :host([${v.USER_INACTIVE}][${v.AUTOHIDE_OVER_CONTROLS}]:not([${v.NO_AUTOHIDE}]):not([${o.MEDIA_PAUSED}]):not([${o.MEDIA_IS_CASTING}]):not([${v.AUDIO}])) * {
        --media-cursor: none;
        cursor: none;
      }


      ::slotted(media-control-bar)  {
        align-self: stretch;
      }

      
      
      :host(:not([${v.AUDIO}])[${o.MEDIA_HAS_PLAYED}]) slot[name=poster],
      :host(:not([${v.AUDIO}])[${o.MEDIA_STREAM_TYPE}="${Z.ON_DEMAND}"][${o.MEDIA_CURRENT_TIME}]:not([${o.MEDIA_CURRENT_TIME}="0"])) slot[name=poster] {
        display: none;
      }

      ::slotted([role=dialog]) {
        width: 100%;
        height: 100%;
        align-self: center;
      }

      ::slotted([role=menu]) {
        align-self: end;
      }
    </style>

    <slot name="media" part="layer media-layer"></slot>
    <slot name="poster" part="layer poster-layer"></slot>
    <slot name="gestures-chrome" part="layer gesture-layer">
      <media-gesture-receiver slot="gestures-chrome">
        <template shadowrootmode="${pi.shadowRootOptions.mode}">
          ${pi.getTemplateHTML({})}
        </template>
      </media-gesture-receiver>
    </slot>
    <span part="layer vertical-layer">
      <slot name="top-chrome" part="top chrome"></slot>
      <slot name="middle-chrome" part="middle chrome"></slot>
      <slot name="centered-chrome" part="layer centered-layer center centered chrome"></slot>
      
      <slot part="bottom chrome"></slot>
    </span>
    <slot name="dialog" part="layer dialog-layer"></slot>
  `}var kn=Object.values(o),Rn="sm:384 md:576 lg:768 xl:960";function wn(t){lr(t.target,t.contentRect.width)}function lr(t,i){if(!t.isConnected)return;let e=t.getAttribute(v.BREAKPOINTS)??Rn,r=xn(e),n=Dn(r,i),s=!1;if(Object.keys(r).forEach(l=>{if(n.includes(l)){t.hasAttribute(`breakpoint${l}`)||(t.setAttribute(`breakpoint${l}`,""),s=!0);return}t.hasAttribute(`breakpoint${l}`)&&(t.removeAttribute(`breakpoint${l}`),s=!0)}),s){let l=new CustomEvent(ye.BREAKPOINTS_CHANGE,{detail:n});t.dispatchEvent(l)}t.breakpointsComputed||(t.breakpointsComputed=!0,t.dispatchEvent(new CustomEvent(ye.BREAKPOINTS_COMPUTED,{bubbles:!0,composed:!0})))}function xn(t){let i=t.split(/\s+/);return Object.fromEntries(i.map(e=>e.split(":")))}function Dn(t,i){return Object.keys(t).filter(e=>i>=parseInt(t[e]))}var We,ut,_e,Ie,Le,Wt,Me,ct,B,ur,cr,Gt,Ei,lt,ue,mt,Se=class extends d.HTMLElement{constructor(){super();h(this,B);h(this,We);h(this,ut,0);h(this,_e,null);h(this,Ie,null);h(this,Le);this.breakpointsComputed=!1;h(this,Wt,e=>{let r=this.media;for(let n of e){if(n.type!=="childList")continue;let s=n.removedNodes;for(let l of s){if(l.slot!="media"||n.target!=this)continue;let u=n.previousSibling&&n.previousSibling.previousElementSibling;if(!u||!r)this.mediaUnsetCallback(l);else{let m=u.slot!=="media";for(;(u=u.previousSibling)!==null;)u.slot=="media"&&(m=!1);m&&this.mediaUnsetCallback(l)}}if(r)for(let l of n.addedNodes)l===r&&this.handleMediaUpdated(r)}});h(this,Me,!1);h(this,ct,e=>{a(this,Me)||(setTimeout(()=>{wn(e),E(this,Me,!1)},0),E(this,Me,!0))});h(this,ue);h(this,mt,()=>{if(!a(this,ue).assignedElements({flatten:!0}).length){a(this,_e)&&this.mediaUnsetCallback(a(this,_e));return}this.handleMediaUpdated(this.media)});if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes),r=this.constructor.getTemplateHTML(e);this.shadowRoot.setHTMLUnsafe?this.shadowRoot.setHTMLUnsafe(r):this.shadowRoot.innerHTML=r}E(this,We,new MutationObserver(a(this,Wt)))}static get observedAttributes(){return[v.AUTOHIDE,v.GESTURES_DISABLED].concat(kn).filter(e=>![o.MEDIA_RENDITION_LIST,o.MEDIA_AUDIO_TRACK_LIST,o.MEDIA_CHAPTERS_CUES,o.MEDIA_WIDTH,o.MEDIA_HEIGHT,o.MEDIA_ERROR,o.MEDIA_ERROR_MESSAGE].includes(e))}attributeChangedCallback(e,r,n){e.toLowerCase()==v.AUTOHIDE&&(this.autohide=n)}get media(){let e=this.querySelector(":scope > [slot=media]");return e?.nodeName=="SLOT"&&(e=e.assignedElements({flatten:!0})[0]),e}async handleMediaUpdated(e){e&&(E(this,_e,e),e.localName.includes("-")&&await d.customElements.whenDefined(e.localName),this.mediaSetCallback(e))}connectedCallback(){a(this,We).observe(this,{childList:!0,subtree:!0}),Bt(this,a(this,ct));let r=this.getAttribute(v.AUDIO)!=null?y("audio player"):y("video player");this.setAttribute("role","region"),this.setAttribute("aria-label",r),this.handleMediaUpdated(this.media),this.setAttribute(v.USER_INACTIVE,""),lr(this,this.getBoundingClientRect().width);let n=this.querySelector(":scope > slot[slot=media]");n&&(E(this,ue,n),a(this,ue).addEventListener("slotchange",a(this,mt))),this.addEventListener("pointerdown",this),this.addEventListener("pointermove",this),this.addEventListener("pointerup",this),this.addEventListener("mouseleave",this),this.addEventListener("keyup",this),d.window?.addEventListener("mouseup",this)}disconnectedCallback(){$t(this,a(this,ct)),clearTimeout(a(this,Ie)),a(this,We).disconnect(),this.media&&this.mediaUnsetCallback(this.media),d.window?.removeEventListener("mouseup",this),this.removeEventListener("pointerdown",this),this.removeEventListener("pointermove",this),this.removeEventListener("pointerup",this),this.removeEventListener("mouseleave",this),this.removeEventListener("keyup",this),a(this,ue)&&(a(this,ue).removeEventListener("slotchange",a(this,mt)),E(this,ue,null)),E(this,Me,!1)}mediaSetCallback(e){}mediaUnsetCallback(e){E(this,_e,null)}handleEvent(e){switch(e.type){case"pointerdown":E(this,ut,e.timeStamp);break;case"pointermove":g(this,B,ur).call(this,e);break;case"pointerup":g(this,B,cr).call(this,e);break;case"mouseleave":g(this,B,Gt).call(this);break;case"mouseup":this.removeAttribute(v.KEYBOARD_CONTROL);break;case"keyup":g(this,B,lt).call(this),this.setAttribute(v.KEYBOARD_CONTROL,"");break}}set autohide(e){let r=Number(e);E(this,Le,isNaN(r)?0:r)}get autohide(){return(a(this,Le)===void 0?2:a(this,Le)).toString()}get breakpoints(){return P(this,v.BREAKPOINTS)}set breakpoints(e){x(this,v.BREAKPOINTS,e)}get audio(){return S(this,v.AUDIO)}set audio(e){_(this,v.AUDIO,e)}get gesturesDisabled(){return S(this,v.GESTURES_DISABLED)}set gesturesDisabled(e){_(this,v.GESTURES_DISABLED,e)}get keyboardControl(){return S(this,v.KEYBOARD_CONTROL)}set keyboardControl(e){_(this,v.KEYBOARD_CONTROL,e)}get noAutohide(){return S(this,v.NO_AUTOHIDE)}set noAutohide(e){_(this,v.NO_AUTOHIDE,e)}get autohideOverControls(){return S(this,v.AUTOHIDE_OVER_CONTROLS)}set autohideOverControls(e){_(this,v.AUTOHIDE_OVER_CONTROLS,e)}get userInteractive(){return S(this,v.USER_INACTIVE)}set userInteractive(e){_(this,v.USER_INACTIVE,e)}};We=new WeakMap,ut=new WeakMap,_e=new WeakMap,Ie=new WeakMap,Le=new WeakMap,Wt=new WeakMap,Me=new WeakMap,ct=new WeakMap,B=new WeakSet,ur=function(e){if(e.pointerType!=="mouse"&&e.timeStamp-a(this,ut)<250)return;g(this,B,Ei).call(this),clearTimeout(a(this,Ie));let r=this.hasAttribute(v.AUTOHIDE_OVER_CONTROLS);([this,this.media].includes(e.target)||r)&&g(this,B,lt).call(this)},cr=function(e){if(e.pointerType==="touch"){let r=!this.hasAttribute(v.USER_INACTIVE);[this,this.media].includes(e.target)&&r?g(this,B,Gt).call(this):g(this,B,lt).call(this)}else e.composedPath().some(r=>["media-play-button","media-fullscreen-button"].includes(r?.localName))&&g(this,B,lt).call(this)},Gt=function(){if(a(this,Le)<0||this.hasAttribute(v.USER_INACTIVE))return;this.setAttribute(v.USER_INACTIVE,"");let e=new d.CustomEvent(ye.USER_INACTIVE_CHANGE,{composed:!0,bubbles:!0,detail:!0});this.dispatchEvent(e)},Ei=function(){if(!this.hasAttribute(v.USER_INACTIVE))return;this.removeAttribute(v.USER_INACTIVE);let e=new d.CustomEvent(ye.USER_INACTIVE_CHANGE,{composed:!0,bubbles:!0,detail:!1});this.dispatchEvent(e)},lt=function(){g(this,B,Ei).call(this),clearTimeout(a(this,Ie));let e=parseInt(this.autohide);e<0||E(this,Ie,setTimeout(()=>{g(this,B,Gt).call(this)},e*1e3))},ue=new WeakMap,mt=new WeakMap,Se.shadowRootOptions={mode:"open"},Se.getTemplateHTML=Mn;d.customElements.get("media-container")||d.customElements.define("media-container",Se);function Cn(t){return`
    <style>
      :host {
        font: var(--media-font,
          var(--media-font-weight, normal)
          var(--media-font-size, 14px) /
          var(--media-text-content-height, var(--media-control-height, 24px))
          var(--media-font-family, helvetica neue, segoe ui, roboto, arial, sans-serif));
        color: var(--media-text-color, var(--media-primary-color, rgb(238 238 238)));
        display: var(--media-dialog-display, inline-flex);
        justify-content: center;
        align-items: center;
        
        transition-behavior: allow-discrete;
        visibility: hidden;
        opacity: 0;
        transform: translateY(2px) scale(.99);
        pointer-events: none;
      }

      :host([open]) {
        transition: display .2s, visibility 0s, opacity .2s ease-out, transform .15s ease-out;
        visibility: visible;
        opacity: 1;
        transform: translateY(0) scale(1);
        pointer-events: auto;
      }

      #content {
        display: flex;
        position: relative;
        box-sizing: border-box;
        width: min(320px, 100%);
        word-wrap: break-word;
        max-height: 100%;
        overflow: auto;
        text-align: center;
        line-height: 1.4;
      }
    </style>
    ${this.getSlotTemplateHTML(t)}
  `}function Pn(t){return`
    <slot id="content"></slot>
  `}var ht={OPEN:"open",ANCHOR:"anchor"},pt,qe,be,G,gi,mr,hr,pr,Er,gr,ge=class extends d.HTMLElement{constructor(){super();h(this,G);h(this,pt,!1);h(this,qe,null);h(this,be,null)}static get observedAttributes(){return[ht.OPEN,ht.ANCHOR]}get open(){return S(this,ht.OPEN)}set open(e){_(this,ht.OPEN,e)}handleEvent(e){switch(e.type){case"invoke":g(this,G,pr).call(this,e);break;case"focusout":g(this,G,Er).call(this,e);break;case"keydown":g(this,G,gr).call(this,e);break}}connectedCallback(){g(this,G,gi).call(this),this.role||(this.role="dialog"),this.addEventListener("invoke",this),this.addEventListener("focusout",this),this.addEventListener("keydown",this)}disconnectedCallback(){this.removeEventListener("invoke",this),this.removeEventListener("focusout",this),this.removeEventListener("keydown",this)}attributeChangedCallback(e,r,n){g(this,G,gi).call(this),e===ht.OPEN&&n!==r&&(this.open?g(this,G,mr).call(this):g(this,G,hr).call(this))}focus(){E(this,qe,mi());let e=!this.dispatchEvent(new Event("focus",{composed:!0,cancelable:!0})),r=!this.dispatchEvent(new Event("focusin",{composed:!0,bubbles:!0,cancelable:!0}));if(e||r)return;this.querySelector('[autofocus], [tabindex]:not([tabindex="-1"]), [role="menu"]')?.focus()}get keysUsed(){return["Escape","Tab"]}};pt=new WeakMap,qe=new WeakMap,be=new WeakMap,G=new WeakSet,gi=function(){if(!a(this,pt)&&(E(this,pt,!0),!this.shadowRoot)){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes);this.shadowRoot.innerHTML=this.constructor.getTemplateHTML(e),queueMicrotask(()=>{let{style:r}=w(this.shadowRoot,":host");r.setProperty("transition","display .15s, visibility .15s, opacity .15s ease-in, transform .15s ease-in")})}},mr=function(){a(this,be)?.setAttribute("aria-expanded","true"),this.dispatchEvent(new Event("open",{composed:!0,bubbles:!0})),this.addEventListener("transitionend",()=>this.focus(),{once:!0})},hr=function(){a(this,be)?.setAttribute("aria-expanded","false"),this.dispatchEvent(new Event("close",{composed:!0,bubbles:!0}))},pr=function(e){E(this,be,e.relatedTarget),ae(this,e.relatedTarget)||(this.open=!this.open)},Er=function(e){ae(this,e.relatedTarget)||(a(this,qe)?.focus(),a(this,be)&&a(this,be)!==e.relatedTarget&&this.open&&(this.open=!1))},gr=function(e){let{key:r,ctrlKey:n,altKey:s,metaKey:l}=e;n||s||l||this.keysUsed.includes(r)&&(e.preventDefault(),e.stopPropagation(),r==="Tab"?(e.shiftKey?this.previousElementSibling?.focus?.():this.nextElementSibling?.focus?.(),this.blur()):r==="Escape"&&(a(this,qe)?.focus(),this.open=!1))},ge.shadowRootOptions={mode:"open"},ge.getTemplateHTML=Cn,ge.getSlotTemplateHTML=Pn;d.customElements.get("media-chrome-dialog")||d.customElements.define("media-chrome-dialog",ge);var Et={HOTKEYS:"hotkeys"},On=[{keys:[{key:" ",label:"Space"},{key:"k"}],description:"Toggle Playback"},{keys:[{key:"m"}],description:"Toggle mute"},{keys:[{key:"f"}],description:"Toggle fullscreen"},{keys:[{key:"c"}],description:"Toggle captions or subtitles, if available"},{keys:[{key:"p"}],description:"Toggle Picture in Picture"},{keys:[{key:"ArrowLeft",label:"\u2190"},{key:"j"}],description:"Seek back 10s"},{keys:[{key:"ArrowRight",label:"\u2192"},{key:"l"}],description:"Seek forward 10s"},{keys:[{key:"ArrowUp",label:"\u2191"}],description:"Turn volume up"},{keys:[{key:"ArrowDown",label:"\u2193"}],description:"Turn volume down"},{keys:[{key:"<",label:"< (SHIFT+,)"}],description:"Decrease playback rate"},{keys:[{key:">",label:"> (SHIFT+.)"}],description:"Increase playback rate"},{keys:[{key:"shift+/",label:"SHIFT+/"}],description:"Show keyboard shortcuts"}];function Yt(t){return t===" "?"nospace":`no${t.toLowerCase()}`}function Un(t){let i=new Set(t?.split(/\s+/));return On.map(({keys:e,description:r})=>({keys:e.filter(({key:n})=>!i.has(Yt(n))),description:r})).filter(({keys:e})=>e.length)}function Nn(t){return`
    <style>
      :host {
        position: fixed;
        top: 0;
        left: 0;
        z-index: 9999;
        background: rgb(20 20 30 / .8);
        backdrop-filter: blur(10px);
      }

      #content {
        display: block;
        width: clamp(400px, 40vw, 700px);
        max-width: 90vw;
        text-align: left;
      }

      h2 {
        margin: 0 0 1.5rem 0;
        font-size: 1.5rem;
        font-weight: 500;
        text-align: center;
      }

      .shortcuts-table {
        width: 100%;
        border-collapse: collapse;
      }

      .shortcuts-table tr {
        border-bottom: 1px solid rgba(255, 255, 255, 0.1);
      }

      .shortcuts-table tr:last-child {
        border-bottom: none;
      }

      .shortcuts-table td {
        padding: 0.75rem 0.5rem;
      }

      .shortcuts-table td:first-child {
        text-align: right;
        padding-right: 1rem;
        width: 40%;
        min-width: 120px;
      }

      .shortcuts-table td:last-child {
        padding-left: 1rem;
      }

      .key {
        display: inline-block;
        background: rgba(255, 255, 255, 0.15);
        border: 1px solid rgba(255, 255, 255, 0.2);
        border-radius: 4px;
        padding: 0.25rem 0.5rem;
        font-family: 'Courier New', monospace;
        font-size: 0.9rem;
        font-weight: 500;
        min-width: 1.5rem;
        text-align: center;
        margin: 0 0.2rem;
      }

      .description {
        color: rgba(255, 255, 255, 0.9);
        font-size: 0.95rem;
      }

      .key-combo {
        display: flex;
        align-items: center;
        justify-content: flex-end;
        gap: 0.3rem;
      }

      .key-separator {
        color: rgba(255, 255, 255, 0.5);
        font-size: 0.9rem;
      }
    </style>
    <slot id="content">
      ${br(t[Et.HOTKEYS])}
    </slot>
  `}function br(t){return`
    <h2>Keyboard Shortcuts</h2>
    <table class="shortcuts-table">${Un(t).map(({keys:e,description:r})=>`
        <tr>
          <td>
            <div class="key-combo">${e.map(({key:s,label:l=s},u)=>u>0?`<span class="key-separator">or</span><span class="key">${l}</span>`:`<span class="key">${l}</span>`).join("")}</div>
          </td>
          <td class="description">${r}</td>
        </tr>
      `).join("")}</table>
  `}var ke,Re,qt=class extends ge{constructor(){super(...arguments);h(this,ke,e=>{if(!this.open)return;let r=this.shadowRoot?.querySelector("#content");if(!r)return;let n=e.composedPath(),s=n[0]===this||n.includes(this),l=n.includes(r);s&&!l&&(this.open=!1)});h(this,Re,e=>{if(!this.open)return;let r=e.shiftKey&&(e.key==="/"||e.key==="?");(e.key==="Escape"||r)&&!e.ctrlKey&&!e.altKey&&!e.metaKey&&(this.open=!1,e.preventDefault(),e.stopPropagation())})}static get observedAttributes(){return[...super.observedAttributes,Et.HOTKEYS]}get hotkeys(){return P(this,Et.HOTKEYS)??void 0}set hotkeys(e){x(this,Et.HOTKEYS,e)}connectedCallback(){super.connectedCallback(),this.open&&(this.addEventListener("click",a(this,ke)),document.addEventListener("keydown",a(this,Re)))}disconnectedCallback(){this.removeEventListener("click",a(this,ke)),document.removeEventListener("keydown",a(this,Re))}attributeChangedCallback(e,r,n){if(super.attributeChangedCallback(e,r,n),e==="open")this.open?(this.addEventListener("click",a(this,ke)),document.addEventListener("keydown",a(this,Re))):(this.removeEventListener("click",a(this,ke)),document.removeEventListener("keydown",a(this,Re)));else if(e===Et.HOTKEYS&&n!==r){let s=this.shadowRoot?.querySelector("#content");s&&(s.innerHTML=br(n))}}};ke=new WeakMap,Re=new WeakMap,qt.getSlotTemplateHTML=Nn;d.customElements.get("media-keyboard-shortcuts-dialog")||d.customElements.define("media-keyboard-shortcuts-dialog",qt);var Qt=class{#t;#n;#e;#i=new Set;constructor(i,e,{defaultValue:r}={defaultValue:void 0}){this.#t=i,this.#n=e,this.#e=new Set(r)}[Symbol.iterator](){return this.#r.values()}get#r(){return this.#i.size?this.#i:this.#e}get length(){return this.#r.size}get value(){return[...this.#r].join(" ")??""}set value(i){i!==this.value&&(this.#i=new Set,this.add(...i?.split(" ")??[]))}toString(){return this.value}item(i){return[...this.#r][i]}values(){return this.#r.values()}forEach(i,e){this.#r.forEach(i,e)}add(...i){i.forEach(e=>this.#i.add(e)),!(this.value===""&&!this.#t?.hasAttribute(`${this.#n}`))&&this.#t?.setAttribute(`${this.#n}`,`${this.value}`)}remove(...i){i.forEach(e=>this.#i.delete(e)),this.#t?.setAttribute(`${this.#n}`,`${this.value}`)}contains(i){return this.#r.has(i)}toggle(i,e){return typeof e<"u"?e?(this.add(i),!0):(this.remove(i),!1):this.contains(i)?(this.remove(i),!1):(this.add(i),!0)}replace(i,e){return this.remove(i),this.add(e),i===e}};function fr(t){return t?.map(Hn).join(" ")}function Hn(t){if(t){let{id:i,width:e,height:r}=t;return[i,e,r].filter(n=>n!=null).join(":")}}function vr(t){return t?.map(Fn).join(" ")}function Fn(t){if(t){let{id:i,kind:e,language:r,label:n}=t;return[i,e,r,n].filter(s=>s!=null).join(":")}}function Ye(t){return typeof t=="number"&&!Number.isNaN(t)&&Number.isFinite(t)}var jt=t=>new Promise(i=>setTimeout(i,t));var Vn=(t="")=>t.split(/\s+/),Tr=(t="")=>{let[i,e,r]=t.split(":"),n=r?decodeURIComponent(r):void 0;return{kind:i==="cc"?q.CAPTIONS:q.SUBTITLES,language:e,label:n}},bi=(t="",i={})=>Vn(t).map(e=>{let r=Tr(e);return{...i,...r}}),fi=t=>t?Array.isArray(t)?t.map(i=>typeof i=="string"?Tr(i):i):typeof t=="string"?bi(t):[t]:[],Bn=({kind:t,label:i,language:e}={kind:"subtitles"})=>i?`${t==="captions"?"cc":"sb"}:${e}:${encodeURIComponent(i)}`:e,gt=(t=[])=>Array.prototype.map.call(t,Bn).join(" "),$n=(t,i)=>e=>e[t]===i,Ar=t=>{let i=Object.entries(t).map(([e,r])=>$n(e,r));return e=>i.every(r=>r(e))},we=(t,i=[],e=[])=>{let r=fi(e).map(Ar),n=s=>r.some(l=>l(s));Array.from(i).filter(n).forEach(s=>{s.mode=t})},xe=(t,i=()=>!0)=>{if(!t?.textTracks)return[];let e=typeof i=="function"?i:Ar(i);return Array.from(t.textTracks).filter(e)},yr=t=>!!t.mediaSubtitlesShowing?.length||t.hasAttribute(o.MEDIA_SUBTITLES_SHOWING);var _r=t=>{let{media:i,fullscreenElement:e}=t;try{let r=e&&"requestFullscreen"in e?"requestFullscreen":e&&"webkitRequestFullScreen"in e?"webkitRequestFullScreen":void 0;if(r){let n=e[r]?.();if(n instanceof Promise)return n.catch(()=>{})}else i?.webkitEnterFullscreen?i.webkitEnterFullscreen():i?.requestFullscreen&&i.requestFullscreen()}catch(r){console.error(r)}},Sr="exitFullscreen"in H?"exitFullscreen":"webkitExitFullscreen"in H?"webkitExitFullscreen":"webkitCancelFullScreen"in H?"webkitCancelFullScreen":void 0,Ir=t=>{let{documentElement:i}=t;if(Sr){let e=i?.[Sr]?.();if(e instanceof Promise)return e.catch(()=>{})}},bt="fullscreenElement"in H?"fullscreenElement":"webkitFullscreenElement"in H?"webkitFullscreenElement":void 0,Kn=t=>{let{documentElement:i,media:e}=t,r=i?.[bt];return!r&&"webkitDisplayingFullscreen"in e&&"webkitPresentationMode"in e&&e.webkitDisplayingFullscreen&&e.webkitPresentationMode===tr.FULLSCREEN?e:r},Lr=t=>{let{media:i,documentElement:e,fullscreenElement:r=i}=t;if(!i||!e)return!1;let n=Kn(t);if(!n)return!1;if(n===r||n===i)return!0;if(n.localName.includes("-")){let s=n.shadowRoot;if(!(bt in s))return ae(n,r);for(;s?.[bt];){if(s[bt]===r)return!0;s=s[bt]?.shadowRoot}}return!1},Gn="fullscreenEnabled"in H?"fullscreenEnabled":"webkitFullscreenEnabled"in H?"webkitFullscreenEnabled":void 0,Mr=t=>{let{documentElement:i,media:e}=t;return!!i?.[Gn]||e&&"webkitSupportsFullscreen"in e};var zt,vi=()=>zt||(zt=H?.createElement?.("video"),zt),kr=async(t=vi())=>{if(!t)return!1;let i=t.volume;t.volume=i/2+.1;let e=new AbortController,r=await Promise.race([Wn(t,e.signal),qn(t,i)]);return e.abort(),r},Wn=(t,i)=>new Promise(e=>{t.addEventListener("volumechange",()=>e(!0),{signal:i})}),qn=async(t,i)=>{for(let e=0;e<10;e++){if(t.volume===i)return!1;await jt(10)}return t.volume!==i},Yn=/.*Version\/.*Safari\/.*/.test(d.navigator.userAgent),Ti=(t=vi())=>d.matchMedia("(display-mode: standalone)").matches&&Yn?!1:typeof t?.requestPictureInPicture=="function",Ai=(t=vi())=>Mr({documentElement:H,media:t}),Rr=Ai(),wr=Ti(),xr=!!d.WebKitPlaybackTargetAvailabilityEvent,Dr=!!d.chrome;var Qe=t=>xe(t.media,i=>[q.SUBTITLES,q.CAPTIONS].includes(i.kind)).sort((i,e)=>i.kind>=e.kind?1:-1),yi=t=>xe(t.media,i=>i.mode===pe.SHOWING&&[q.SUBTITLES,q.CAPTIONS].includes(i.kind)),Xt=(t,i)=>{let e=Qe(t),r=yi(t),n=!!r.length;if(e.length){if(i===!1||n&&i!==!0)we(pe.DISABLED,e,r);else if(i===!0||!n&&i!==!1){let s=e[0],{options:l}=t;if(!l?.noSubtitlesLangPref){let A=d.localStorage.getItem("media-chrome-pref-subtitles-lang"),I=A?[A,...d.navigator.languages]:d.navigator.languages,b=e.filter(T=>I.some(D=>T.language.toLowerCase().startsWith(D.split("-")[0]))).sort((T,D)=>{let L=I.findIndex(O=>T.language.toLowerCase().startsWith(O.split("-")[0])),M=I.findIndex(O=>D.language.toLowerCase().startsWith(O.split("-")[0]));return L-M});b[0]&&(s=b[0])}let{language:u,label:m,kind:f}=s;we(pe.DISABLED,e,r),we(pe.SHOWING,e,[{language:u,label:m,kind:f}])}}},Zt=(t,i)=>t===i?!0:t==null||i==null||typeof t!=typeof i?!1:typeof t=="number"&&Number.isNaN(t)&&Number.isNaN(i)?!0:typeof t!="object"?!1:Array.isArray(t)?Qn(t,i):Object.entries(t).every(([e,r])=>e in i&&Zt(r,i[e])),Qn=(t,i)=>{let e=Array.isArray(t),r=Array.isArray(i);return e!==r?!1:e||r?t.length!==i.length?!1:t.every((n,s)=>Zt(n,i[s])):!0};var jn=Object.values(Z),Jt,zn=kr().then(t=>(Jt=t,Jt)),Cr=async(...t)=>{await Promise.all(t.filter(i=>i).map(async i=>{if(!("localName"in i&&i instanceof d.HTMLElement))return;let e=i.localName;if(!e.includes("-"))return;let r=d.customElements.get(e);r&&i instanceof r||(await d.customElements.whenDefined(e),d.customElements.upgrade(i))}))},Xn=new d.DOMParser,Zn=t=>t&&(Xn.parseFromString(t,"text/html").body.textContent||t),je={mediaError:{get(t,i){let{media:e}=t;if(i?.type!=="playing")return e?.error},mediaEvents:["emptied","error","playing"]},mediaErrorCode:{get(t,i){let{media:e}=t;if(i?.type!=="playing")return e?.error?.code},mediaEvents:["emptied","error","playing"]},mediaErrorMessage:{get(t,i){let{media:e}=t;if(i?.type!=="playing")return e?.error?.message??""},mediaEvents:["emptied","error","playing"]},mediaWidth:{get(t){let{media:i}=t;return i?.videoWidth??0},mediaEvents:["resize"]},mediaHeight:{get(t){let{media:i}=t;return i?.videoHeight??0},mediaEvents:["resize"]},mediaPaused:{get(t){let{media:i}=t;return i?.paused??!0},set(t,i){let{media:e}=i;e&&(t?e.pause():e.play()?.catch(()=>{}))},mediaEvents:["play","playing","pause","emptied"]},mediaHasPlayed:{get(t,i){let{media:e}=t;return e?i?i.type==="playing":!e.paused:!1},mediaEvents:["playing","emptied"]},mediaEnded:{get(t){let{media:i}=t;return i?.ended??!1},mediaEvents:["seeked","ended","emptied"]},mediaPlaybackRate:{get(t){let{media:i}=t;return i?.playbackRate??1},set(t,i){let{media:e}=i;e&&Number.isFinite(+t)&&(e.playbackRate=+t)},mediaEvents:["ratechange","loadstart"]},mediaMuted:{get(t){let{media:i}=t;return i?.muted??!1},set(t,i){let{media:e,options:{noMutedPref:r}={}}=i;if(e){e.muted=t;try{let n=d.localStorage.getItem("media-chrome-pref-muted")!==null,s=e.hasAttribute("muted");if(r){n&&d.localStorage.removeItem("media-chrome-pref-muted");return}if(s&&!n)return;d.localStorage.setItem("media-chrome-pref-muted",t?"true":"false")}catch(n){console.debug("Error setting muted pref",n)}}},mediaEvents:["volumechange"],stateOwnersUpdateHandlers:[(t,i)=>{let{options:{noMutedPref:e}}=i,{media:r}=i;if(!(!r||r.muted||e))try{let n=d.localStorage.getItem("media-chrome-pref-muted")==="true";je.mediaMuted.set(n,i),t(n)}catch(n){console.debug("Error getting muted pref",n)}}]},mediaLoop:{get(t){let{media:i}=t;return i?.loop},set(t,i){let{media:e}=i;e&&(e.loop=t)},mediaEvents:["medialooprequest"]},mediaVolume:{get(t){let{media:i}=t;return i?.volume??1},set(t,i){let{media:e,options:{noVolumePref:r}={}}=i;if(e){try{t==null?d.localStorage.removeItem("media-chrome-pref-volume"):!e.hasAttribute("muted")&&!r&&d.localStorage.setItem("media-chrome-pref-volume",t.toString())}catch(n){console.debug("Error setting volume pref",n)}Number.isFinite(+t)&&(e.volume=+t)}},mediaEvents:["volumechange"],stateOwnersUpdateHandlers:[(t,i)=>{let{options:{noVolumePref:e}}=i;if(!e)try{let{media:r}=i;if(!r)return;let n=d.localStorage.getItem("media-chrome-pref-volume");if(n==null)return;je.mediaVolume.set(+n,i),t(+n)}catch(r){console.debug("Error getting volume pref",r)}}]},mediaVolumeLevel:{get(t){let{media:i}=t;return typeof i?.volume>"u"?"high":i.muted||i.volume===0?"off":i.volume<.5?"low":i.volume<.75?"medium":"high"},mediaEvents:["volumechange"]},mediaCurrentTime:{get(t){let{media:i}=t;return i?.currentTime??0},set(t,i){let{media:e}=i;!e||!Ye(t)||(e.currentTime=t)},mediaEvents:["timeupdate","loadedmetadata","seeking"]},mediaDuration:{get(t){let{media:i,options:{defaultDuration:e}={}}=t;return e&&(!i||!i.duration||Number.isNaN(i.duration)||!Number.isFinite(i.duration))?e:Number.isFinite(i?.duration)?i.duration:Number.NaN},mediaEvents:["durationchange","loadedmetadata","emptied"]},mediaLoading:{get(t){let{media:i}=t;return i?.readyState<3},mediaEvents:["waiting","playing","emptied"]},mediaSeekable:{get(t){let{media:i}=t;if(!i?.seekable?.length)return;let e=i.seekable.start(0),r=i.seekable.end(i.seekable.length-1);if(!(!e&&!r))return[Number(e.toFixed(3)),Number(r.toFixed(3))]},mediaEvents:["loadedmetadata","emptied","progress","seekablechange"]},mediaBuffered:{get(t){let{media:i}=t,e=i?.buffered??[];return Array.from(e).map((r,n)=>[Number(e.start(n).toFixed(3)),Number(e.end(n).toFixed(3))])},mediaEvents:["progress","emptied"]},mediaStreamType:{get(t){let{media:i,options:{defaultStreamType:e}={}}=t,r=[Z.LIVE,Z.ON_DEMAND].includes(e)?e:void 0;if(!i)return r;let{streamType:n}=i;if(jn.includes(n))return n===Z.UNKNOWN?r:n;let s=i.duration;return s===1/0?Z.LIVE:Number.isFinite(s)?Z.ON_DEMAND:r},mediaEvents:["emptied","durationchange","loadedmetadata","streamtypechange"]},mediaTargetLiveWindow:{get(t){let{media:i}=t;if(!i)return Number.NaN;let{targetLiveWindow:e}=i,r=je.mediaStreamType.get(t);return(e==null||Number.isNaN(e))&&r===Z.LIVE?0:e},mediaEvents:["emptied","durationchange","loadedmetadata","streamtypechange","targetlivewindowchange"]},mediaTimeIsLive:{get(t){let{media:i,options:{liveEdgeOffset:e=10}={}}=t;if(!i)return!1;if(typeof i.liveEdgeStart=="number")return Number.isNaN(i.liveEdgeStart)?!1:i.currentTime>=i.liveEdgeStart;if(!(je.mediaStreamType.get(t)===Z.LIVE))return!1;let n=i.seekable;if(!n)return!0;if(!n.length)return!1;let s=n.end(n.length-1)-e;return i.currentTime>=s},mediaEvents:["playing","timeupdate","progress","waiting","emptied"]},mediaSubtitlesList:{get(t){return Qe(t).map(({kind:i,label:e,language:r})=>({kind:i,label:e,language:r}))},mediaEvents:["loadstart"],textTracksEvents:["addtrack","removetrack"]},mediaSubtitlesShowing:{get(t){return yi(t).map(({kind:i,label:e,language:r})=>({kind:i,label:e,language:r}))},mediaEvents:["loadstart"],textTracksEvents:["addtrack","removetrack","change"],stateOwnersUpdateHandlers:[(t,i)=>{let{media:e,options:r}=i;if(!e)return;let n=s=>{!r.defaultSubtitles||s&&![q.CAPTIONS,q.SUBTITLES].includes(s?.track?.kind)||Xt(i,!0)};return e.addEventListener("loadstart",n),e.textTracks?.addEventListener("addtrack",n),e.textTracks?.addEventListener("removetrack",n),()=>{e.removeEventListener("loadstart",n),e.textTracks?.removeEventListener("addtrack",n),e.textTracks?.removeEventListener("removetrack",n)}}]},mediaChaptersCues:{get(t){let{media:i}=t;if(!i)return[];let[e]=xe(i,{kind:q.CHAPTERS});return Array.from(e?.cues??[]).map(({text:r,startTime:n,endTime:s})=>({text:Zn(r),startTime:n,endTime:s}))},mediaEvents:["loadstart","loadedmetadata"],textTracksEvents:["addtrack","removetrack","change"],stateOwnersUpdateHandlers:[(t,i)=>{let{media:e}=i;if(!e)return;let r=e.querySelector('track[kind="chapters"][default][src]'),n=e.shadowRoot?.querySelector(':is(video,audio) > track[kind="chapters"][default][src]');return r?.addEventListener("load",t),n?.addEventListener("load",t),()=>{r?.removeEventListener("load",t),n?.removeEventListener("load",t)}}]},mediaIsPip:{get(t){let{media:i,documentElement:e}=t;if(!i||!e||!e.pictureInPictureElement)return!1;if(e.pictureInPictureElement===i)return!0;if(e.pictureInPictureElement instanceof HTMLMediaElement)return i.localName?.includes("-")?ae(i,e.pictureInPictureElement):!1;if(e.pictureInPictureElement.localName.includes("-")){let r=e.pictureInPictureElement.shadowRoot;for(;r?.pictureInPictureElement;){if(r.pictureInPictureElement===i)return!0;r=r.pictureInPictureElement?.shadowRoot}}return!1},set(t,i){let{media:e}=i;if(e)if(t){if(!H.pictureInPictureEnabled){console.warn("MediaChrome: Picture-in-picture is not enabled");return}if(!e.requestPictureInPicture){console.warn("MediaChrome: The current media does not support picture-in-picture");return}let r=()=>{console.warn("MediaChrome: The media is not ready for picture-in-picture. It must have a readyState > 0.")};e.requestPictureInPicture().catch(n=>{if(n.code===11){if(!e.src){console.warn("MediaChrome: The media is not ready for picture-in-picture. It must have a src set.");return}if(e.readyState===0&&e.preload==="none"){let s=()=>{e.removeEventListener("loadedmetadata",l),e.preload="none"},l=()=>{e.requestPictureInPicture().catch(r),s()};e.addEventListener("loadedmetadata",l),e.preload="metadata",setTimeout(()=>{e.readyState===0&&r(),s()},1e3)}else throw n}else throw n})}else H.pictureInPictureElement&&H.exitPictureInPicture()},mediaEvents:["enterpictureinpicture","leavepictureinpicture"]},mediaRenditionList:{get(t){let{media:i}=t;return[...i?.videoRenditions??[]].map(e=>({...e}))},mediaEvents:["emptied","loadstart"],videoRenditionsEvents:["addrendition","removerendition"]},mediaRenditionSelected:{get(t){let{media:i}=t;return i?.videoRenditions?.[i.videoRenditions?.selectedIndex]?.id},set(t,i){let{media:e}=i;if(!e?.videoRenditions){console.warn("MediaController: Rendition selection not supported by this media.");return}let r=t,n=Array.prototype.findIndex.call(e.videoRenditions,s=>s.id==r);e.videoRenditions.selectedIndex!=n&&(e.videoRenditions.selectedIndex=n)},mediaEvents:["emptied"],videoRenditionsEvents:["addrendition","removerendition","change"]},mediaAudioTrackList:{get(t){let{media:i}=t;return[...i?.audioTracks??[]]},mediaEvents:["emptied","loadstart"],audioTracksEvents:["addtrack","removetrack"]},mediaAudioTrackEnabled:{get(t){let{media:i}=t;return[...i?.audioTracks??[]].find(e=>e.enabled)?.id},set(t,i){let{media:e}=i;if(!e?.audioTracks){console.warn("MediaChrome: Audio track selection not supported by this media.");return}let r=t;for(let n of e.audioTracks)n.enabled=r==n.id},mediaEvents:["emptied"],audioTracksEvents:["addtrack","removetrack","change"]},mediaIsFullscreen:{get(t){return Lr(t)},set(t,i,e){t?(_r(i),e.detail&&!i.media?.inert&&i.media?.focus()):Ir(i)},rootEvents:["fullscreenchange","webkitfullscreenchange"],mediaEvents:["webkitbeginfullscreen","webkitendfullscreen","webkitpresentationmodechanged"]},mediaIsCasting:{get(t){let{media:i}=t;return!i?.remote||i.remote?.state==="disconnected"?!1:i.remote.state==="connected"},set(t,i){let{media:e}=i;if(e&&!(t&&e.remote?.state!=="disconnected")&&!(!t&&e.remote?.state!=="connected")){if(typeof e.remote.prompt!="function"){console.warn("MediaChrome: Casting is not supported in this environment");return}e.remote.prompt().catch(()=>{})}},remoteEvents:["connect","connecting","disconnect"]},mediaIsAirplaying:{get(){return!1},set(t,i){let{media:e}=i;if(e){if(!(e.webkitShowPlaybackTargetPicker&&d.WebKitPlaybackTargetAvailabilityEvent)){console.error("MediaChrome: received a request to select AirPlay but AirPlay is not supported in this environment");return}e.webkitShowPlaybackTargetPicker()}},mediaEvents:["webkitcurrentplaybacktargetiswirelesschanged"]},mediaFullscreenUnavailable:{get(t){let{media:i}=t;if(!Rr||!Ai(i))return Y.UNSUPPORTED}},mediaPipUnavailable:{get(t){let{media:i}=t;if(!wr||!Ti(i))return Y.UNSUPPORTED;if(i?.disablePictureInPicture)return Y.UNAVAILABLE}},mediaVolumeUnavailable:{get(t){let{media:i}=t;if(Jt===!1||i?.volume==null)return Y.UNSUPPORTED},stateOwnersUpdateHandlers:[t=>{Jt==null&&zn.then(i=>t(i?void 0:Y.UNSUPPORTED))}]},mediaCastUnavailable:{get(t,{availability:i="not-available"}={}){let{media:e}=t;if(!Dr||!e?.remote?.state)return Y.UNSUPPORTED;if(!(i==null||i==="available"))return Y.UNAVAILABLE},stateOwnersUpdateHandlers:[(t,i)=>{let{media:e}=i;return e?(e.disableRemotePlayback||e.hasAttribute("disableremoteplayback")||e?.remote?.watchAvailability(n=>{t({availability:n?"available":"not-available"})}).catch(n=>{n.name==="NotSupportedError"?t({availability:null}):t({availability:"not-available"})}),()=>{e?.remote?.cancelWatchAvailability().catch(()=>{})}):void 0}]},mediaAirplayUnavailable:{get(t,i){if(!xr)return Y.UNSUPPORTED;if(i?.availability==="not-available")return Y.UNAVAILABLE},mediaEvents:["webkitplaybacktargetavailabilitychanged"],stateOwnersUpdateHandlers:[(t,i)=>{let{media:e}=i;return e?(e.disableRemotePlayback||e.hasAttribute("disableremoteplayback")||e?.remote?.watchAvailability(n=>{t({availability:n?"available":"not-available"})}).catch(n=>{n.name==="NotSupportedError"?t({availability:null}):t({availability:"not-available"})}),()=>{e?.remote?.cancelWatchAvailability().catch(()=>{})}):void 0}]},mediaRenditionUnavailable:{get(t){let{media:i}=t;if(!i?.videoRenditions)return Y.UNSUPPORTED;if(!i.videoRenditions?.length)return Y.UNAVAILABLE},mediaEvents:["emptied","loadstart"],videoRenditionsEvents:["addrendition","removerendition"]},mediaAudioTrackUnavailable:{get(t){let{media:i}=t;if(!i?.audioTracks)return Y.UNSUPPORTED;if((i.audioTracks?.length??0)<=1)return Y.UNAVAILABLE},mediaEvents:["emptied","loadstart"],audioTracksEvents:["addtrack","removetrack"]},mediaLang:{get(t){let{options:{mediaLang:i}={}}=t;return i??"en"}}};var Pr={[p.MEDIA_PREVIEW_REQUEST](t,i,{detail:e}){let{media:r}=i,n=e??void 0,s,l;if(r&&n!=null){let[A]=xe(r,{kind:q.METADATA,label:"thumbnails"}),I=Array.prototype.find.call(A?.cues??[],(b,T,D)=>T===0?b.endTime>n:T===D.length-1?b.startTime<=n:b.startTime<=n&&b.endTime>n);if(I){let b=/'^(?:[a-z]+:)?\/\//i.test(I.text)?void 0:r?.querySelector('track[label="thumbnails"]')?.src,T=new URL(I.text,b);l=new URLSearchParams(T.hash).get("#xywh").split(",").map(L=>+L),s=T.href}}let u=t.mediaDuration.get(i),f=t.mediaChaptersCues.get(i).find((A,I,b)=>I===b.length-1&&u===A.endTime?A.startTime<=n&&A.endTime>=n:A.startTime<=n&&A.endTime>n)?.text;return e!=null&&f==null&&(f=""),{mediaPreviewTime:n,mediaPreviewImage:s,mediaPreviewCoords:l,mediaPreviewChapter:f}},[p.MEDIA_PAUSE_REQUEST](t,i){t["mediaPaused"].set(!0,i)},[p.MEDIA_PLAY_REQUEST](t,i){let e="mediaPaused",n=t.mediaStreamType.get(i)===Z.LIVE,s=!i.options?.noAutoSeekToLive,l=t.mediaTargetLiveWindow.get(i)>0;if(n&&s&&!l){let u=t.mediaSeekable.get(i)?.[1];if(u){let m=i.options?.seekToLiveOffset??0,f=u-m;t.mediaCurrentTime.set(f,i)}}t[e].set(!1,i)},[p.MEDIA_PLAYBACK_RATE_REQUEST](t,i,{detail:e}){let r="mediaPlaybackRate",n=e;t[r].set(n,i)},[p.MEDIA_MUTE_REQUEST](t,i){t["mediaMuted"].set(!0,i)},[p.MEDIA_UNMUTE_REQUEST](t,i){let e="mediaMuted";t.mediaVolume.get(i)||t.mediaVolume.set(.25,i),t[e].set(!1,i)},[p.MEDIA_LOOP_REQUEST](t,i,{detail:e}){let r="mediaLoop",n=!!e;return t[r].set(n,i),{mediaLoop:n}},[p.MEDIA_VOLUME_REQUEST](t,i,{detail:e}){let r="mediaVolume",n=e;n&&t.mediaMuted.get(i)&&t.mediaMuted.set(!1,i),t[r].set(n,i)},[p.MEDIA_SEEK_REQUEST](t,i,{detail:e}){let r="mediaCurrentTime",n=e;t[r].set(n,i)},[p.MEDIA_SEEK_TO_LIVE_REQUEST](t,i){let e="mediaCurrentTime",r=t.mediaSeekable.get(i)?.[1];if(Number.isNaN(Number(r)))return;let n=i.options?.seekToLiveOffset??0,s=r-n;t[e].set(s,i)},[p.MEDIA_SHOW_SUBTITLES_REQUEST](t,i,{detail:e}){let{options:r}=i,n=Qe(i),s=fi(e),l=s[0]?.language;l&&!r.noSubtitlesLangPref&&d.localStorage.setItem("media-chrome-pref-subtitles-lang",l),we(pe.SHOWING,n,s)},[p.MEDIA_DISABLE_SUBTITLES_REQUEST](t,i,{detail:e}){let r=Qe(i),n=e??[];we(pe.DISABLED,r,n)},[p.MEDIA_TOGGLE_SUBTITLES_REQUEST](t,i,{detail:e}){Xt(i,e)},[p.MEDIA_RENDITION_REQUEST](t,i,{detail:e}){let r="mediaRenditionSelected",n=e;t[r].set(n,i)},[p.MEDIA_AUDIO_TRACK_REQUEST](t,i,{detail:e}){let r="mediaAudioTrackEnabled",n=e;t[r].set(n,i)},[p.MEDIA_ENTER_PIP_REQUEST](t,i){let e="mediaIsPip";t.mediaIsFullscreen.get(i)&&t.mediaIsFullscreen.set(!1,i),t[e].set(!0,i)},[p.MEDIA_EXIT_PIP_REQUEST](t,i){t["mediaIsPip"].set(!1,i)},[p.MEDIA_ENTER_FULLSCREEN_REQUEST](t,i,e){let r="mediaIsFullscreen";t.mediaIsPip.get(i)&&t.mediaIsPip.set(!1,i),t[r].set(!0,i,e)},[p.MEDIA_EXIT_FULLSCREEN_REQUEST](t,i){t["mediaIsFullscreen"].set(!1,i)},[p.MEDIA_ENTER_CAST_REQUEST](t,i){let e="mediaIsCasting";t.mediaIsFullscreen.get(i)&&t.mediaIsFullscreen.set(!1,i),t[e].set(!0,i)},[p.MEDIA_EXIT_CAST_REQUEST](t,i){t["mediaIsCasting"].set(!1,i)},[p.MEDIA_AIRPLAY_REQUEST](t,i){t["mediaIsAirplaying"].set(!0,i)}};var Or=({media:t,fullscreenElement:i,documentElement:e,stateMediator:r=je,requestMap:n=Pr,options:s={},monitorStateOwnersOnlyWithSubscriptions:l=!0})=>{let u=[],m={options:{...s}},f=Object.freeze({mediaPreviewTime:void 0,mediaPreviewImage:void 0,mediaPreviewCoords:void 0,mediaPreviewChapter:void 0}),A=L=>{L!=null&&(Zt(L,f)||(f=Object.freeze({...f,...L}),u.forEach(M=>M(f))))},I=()=>{let L=Object.entries(r).reduce((M,[O,{get:K}])=>(M[O]=K(m),M),{});A(L)},b={},T,D=async(L,M)=>{let O=!!T;if(T={...m,...T??{},...L},O)return;await Cr(...Object.values(L));let K=u.length>0&&M===0&&l,te=m.media!==T.media,si=m.media?.textTracks!==T.media?.textTracks,nt=m.media?.videoRenditions!==T.media?.videoRenditions,Be=m.media?.audioTracks!==T.media?.audioTracks,de=m.media?.remote!==T.media?.remote,le=m.documentElement!==T.documentElement,ot=!!m.media&&(te||K),Ae=!!m.media?.textTracks&&(si||K),Hi=!!m.media?.videoRenditions&&(nt||K),Fi=!!m.media?.audioTracks&&(Be||K),Vi=!!m.media?.remote&&(de||K),Bi=!!m.documentElement&&(le||K),ai=ot||Ae||Hi||Fi||Vi||Bi,$e=u.length===0&&M===1&&l,$i=!!T.media&&(te||$e),Ki=!!T.media?.textTracks&&(si||$e),Gi=!!T.media?.videoRenditions&&(nt||$e),Wi=!!T.media?.audioTracks&&(Be||$e),qi=!!T.media?.remote&&(de||$e),Yi=!!T.documentElement&&(le||$e),Qi=$i||Ki||Gi||Wi||qi||Yi;if(!(ai||Qi)){Object.entries(T).forEach(([R,st])=>{m[R]=st}),I(),T=void 0;return}Object.entries(r).forEach(([R,{get:st,mediaEvents:hn=[],textTracksEvents:pn=[],videoRenditionsEvents:En=[],audioTracksEvents:gn=[],remoteEvents:bn=[],rootEvents:fn=[],stateOwnersUpdateHandlers:vn=[]}])=>{b[R]||(b[R]={});let X=C=>{let he=st(m,C);A({[R]:he})},F;F=b[R].mediaEvents,hn.forEach(C=>{F&&ot&&(m.media.removeEventListener(C,F),b[R].mediaEvents=void 0),$i&&(T.media.addEventListener(C,X),b[R].mediaEvents=X)}),F=b[R].textTracksEvents,pn.forEach(C=>{F&&Ae&&(m.media.textTracks?.removeEventListener(C,F),b[R].textTracksEvents=void 0),Ki&&(T.media.textTracks?.addEventListener(C,X),b[R].textTracksEvents=X)}),F=b[R].videoRenditionsEvents,En.forEach(C=>{F&&Hi&&(m.media.videoRenditions?.removeEventListener(C,F),b[R].videoRenditionsEvents=void 0),Gi&&(T.media.videoRenditions?.addEventListener(C,X),b[R].videoRenditionsEvents=X)}),F=b[R].audioTracksEvents,gn.forEach(C=>{F&&Fi&&(m.media.audioTracks?.removeEventListener(C,F),b[R].audioTracksEvents=void 0),Wi&&(T.media.audioTracks?.addEventListener(C,X),b[R].audioTracksEvents=X)}),F=b[R].remoteEvents,bn.forEach(C=>{F&&Vi&&(m.media.remote?.removeEventListener(C,F),b[R].remoteEvents=void 0),qi&&(T.media.remote?.addEventListener(C,X),b[R].remoteEvents=X)}),F=b[R].rootEvents,fn.forEach(C=>{F&&Bi&&(m.documentElement.removeEventListener(C,F),b[R].rootEvents=void 0),Yi&&(T.documentElement.addEventListener(C,X),b[R].rootEvents=X)});let Ut=b[R].stateOwnersUpdateHandlers;if(Ut&&ai&&(Array.isArray(Ut)?Ut:[Ut]).forEach(he=>{typeof he=="function"&&he()}),Qi){let C=vn.map(he=>he(X,T)).filter(he=>typeof he=="function");b[R].stateOwnersUpdateHandlers=C.length===1?C[0]:C}else ai&&(b[R].stateOwnersUpdateHandlers=void 0)}),Object.entries(T).forEach(([R,st])=>{m[R]=st}),I(),T=void 0};return D({media:t,fullscreenElement:i,documentElement:e,options:s}),{dispatch(L){let{type:M,detail:O}=L;if(n[M]&&f.mediaErrorCode==null){A(n[M](r,m,L));return}M==="mediaelementchangerequest"?D({media:O}):M==="fullscreenelementchangerequest"?D({fullscreenElement:O}):M==="documentelementchangerequest"?D({documentElement:O}):M==="optionschangerequest"&&(Object.entries(O??{}).forEach(([K,te])=>{m.options[K]=te}),I())},getState(){return f},subscribe(L){return D({},u.length+1),u.push(L),L(f),()=>{let M=u.indexOf(L);M>=0&&(D({},u.length-1),u.splice(M,1))}}}};var Ur=["ArrowLeft","ArrowRight","ArrowUp","ArrowDown","Enter"," ","f","m","k","c","l","j",">","<","p"],Nr=10,Hr=.025,Fr=.25,Jn=.25,eo=2,c={DEFAULT_SUBTITLES:"defaultsubtitles",DEFAULT_STREAM_TYPE:"defaultstreamtype",DEFAULT_DURATION:"defaultduration",FULLSCREEN_ELEMENT:"fullscreenelement",HOTKEYS:"hotkeys",KEYBOARD_BACKWARD_SEEK_OFFSET:"keyboardbackwardseekoffset",KEYBOARD_FORWARD_SEEK_OFFSET:"keyboardforwardseekoffset",KEYBOARD_DOWN_VOLUME_STEP:"keyboarddownvolumestep",KEYBOARD_UP_VOLUME_STEP:"keyboardupvolumestep",KEYS_USED:"keysused",LANG:"lang",LOOP:"loop",LIVE_EDGE_OFFSET:"liveedgeoffset",NO_AUTO_SEEK_TO_LIVE:"noautoseektolive",NO_DEFAULT_STORE:"nodefaultstore",NO_HOTKEYS:"nohotkeys",NO_MUTED_PREF:"nomutedpref",NO_SUBTITLES_LANG_PREF:"nosubtitleslangpref",NO_VOLUME_PREF:"novolumepref",SEEK_TO_LIVE_OFFSET:"seektoliveoffset"},Si=class extends Se{constructor(){super();this.mediaStateReceivers=[];this.associatedElementSubscriptions=new Map;this.#t=new Qt(this,c.HOTKEYS);this.#i=null;this.#l=e=>{this.#e?.dispatch(e)};this.#s=void 0;this.#d=e=>{let{key:r,shiftKey:n}=e;if(!(n&&(r==="/"||r==="?")||Ur.includes(r))){this.removeEventListener("keyup",this.#d);return}this.keyboardShortcutHandler(e)};this.associateElement(this);let e={};this.#r=r=>{Object.entries(r).forEach(([n,s])=>{if(n in e&&e[n]===s)return;this.propagateMediaState(n,s);let l=n.toLowerCase(),u=new d.CustomEvent(er[l],{composed:!0,detail:s});this.dispatchEvent(u)}),e=r}}static get observedAttributes(){return super.observedAttributes.concat(c.NO_HOTKEYS,c.HOTKEYS,c.DEFAULT_STREAM_TYPE,c.DEFAULT_SUBTITLES,c.DEFAULT_DURATION,c.NO_MUTED_PREF,c.NO_VOLUME_PREF,c.LANG,c.LOOP,c.LIVE_EDGE_OFFSET,c.SEEK_TO_LIVE_OFFSET,c.NO_AUTO_SEEK_TO_LIVE)}#t;#n;#e;#i;#r;#o;#l;#s;#a(){this.mediaStore=Or({media:this.media,fullscreenElement:this.fullscreenElement,options:{defaultSubtitles:this.hasAttribute(c.DEFAULT_SUBTITLES),defaultDuration:this.hasAttribute(c.DEFAULT_DURATION)?+this.getAttribute(c.DEFAULT_DURATION):void 0,defaultStreamType:this.getAttribute(c.DEFAULT_STREAM_TYPE)??void 0,liveEdgeOffset:this.hasAttribute(c.LIVE_EDGE_OFFSET)?+this.getAttribute(c.LIVE_EDGE_OFFSET):void 0,seekToLiveOffset:this.hasAttribute(c.SEEK_TO_LIVE_OFFSET)?+this.getAttribute(c.SEEK_TO_LIVE_OFFSET):this.hasAttribute(c.LIVE_EDGE_OFFSET)?+this.getAttribute(c.LIVE_EDGE_OFFSET):void 0,noAutoSeekToLive:this.hasAttribute(c.NO_AUTO_SEEK_TO_LIVE),noVolumePref:this.hasAttribute(c.NO_VOLUME_PREF),noMutedPref:this.hasAttribute(c.NO_MUTED_PREF),noSubtitlesLangPref:this.hasAttribute(c.NO_SUBTITLES_LANG_PREF)}})}get mediaStore(){return this.#e}set mediaStore(e){if(this.#e&&(this.#o?.(),this.#o=void 0),this.#e=e,!this.#e&&!this.hasAttribute(c.NO_DEFAULT_STORE)){this.#a();return}this.#o=this.#e?.subscribe(this.#r)}get fullscreenElement(){return this.#n??this}set fullscreenElement(e){this.hasAttribute(c.FULLSCREEN_ELEMENT)&&this.removeAttribute(c.FULLSCREEN_ELEMENT),this.#n=e,this.#e?.dispatch({type:"fullscreenelementchangerequest",detail:this.fullscreenElement})}get defaultSubtitles(){return S(this,c.DEFAULT_SUBTITLES)}set defaultSubtitles(e){_(this,c.DEFAULT_SUBTITLES,e)}get defaultStreamType(){return P(this,c.DEFAULT_STREAM_TYPE)}set defaultStreamType(e){x(this,c.DEFAULT_STREAM_TYPE,e)}get defaultDuration(){return Q(this,c.DEFAULT_DURATION)}set defaultDuration(e){j(this,c.DEFAULT_DURATION,e)}get noHotkeys(){return S(this,c.NO_HOTKEYS)}set noHotkeys(e){_(this,c.NO_HOTKEYS,e)}get keysUsed(){return P(this,c.KEYS_USED)}set keysUsed(e){x(this,c.KEYS_USED,e)}get liveEdgeOffset(){return Q(this,c.LIVE_EDGE_OFFSET)}set liveEdgeOffset(e){j(this,c.LIVE_EDGE_OFFSET,e)}get noAutoSeekToLive(){return S(this,c.NO_AUTO_SEEK_TO_LIVE)}set noAutoSeekToLive(e){_(this,c.NO_AUTO_SEEK_TO_LIVE,e)}get noVolumePref(){return S(this,c.NO_VOLUME_PREF)}set noVolumePref(e){_(this,c.NO_VOLUME_PREF,e)}get noMutedPref(){return S(this,c.NO_MUTED_PREF)}set noMutedPref(e){_(this,c.NO_MUTED_PREF,e)}get noSubtitlesLangPref(){return S(this,c.NO_SUBTITLES_LANG_PREF)}set noSubtitlesLangPref(e){_(this,c.NO_SUBTITLES_LANG_PREF,e)}get noDefaultStore(){return S(this,c.NO_DEFAULT_STORE)}set noDefaultStore(e){_(this,c.NO_DEFAULT_STORE,e)}get resolvedLang(){return dr()}attributeChangedCallback(e,r,n){if(super.attributeChangedCallback(e,r,n),e===c.NO_HOTKEYS)n!==r&&n===""?(this.hasAttribute(c.HOTKEYS)&&console.warn("Media Chrome: Both `hotkeys` and `nohotkeys` have been set. All hotkeys will be disabled."),this.disableHotkeys()):n!==r&&n===null&&this.enableHotkeys(),this.#u();else if(e===c.HOTKEYS)this.#t.value=n,this.#u();else if(e===c.DEFAULT_SUBTITLES&&n!==r)this.#e?.dispatch({type:"optionschangerequest",detail:{defaultSubtitles:this.hasAttribute(c.DEFAULT_SUBTITLES)}});else if(e===c.DEFAULT_STREAM_TYPE)this.#e?.dispatch({type:"optionschangerequest",detail:{defaultStreamType:this.getAttribute(c.DEFAULT_STREAM_TYPE)??void 0}});else if(e===c.LIVE_EDGE_OFFSET&&n!==r)this.#e?.dispatch({type:"optionschangerequest",detail:{liveEdgeOffset:this.hasAttribute(c.LIVE_EDGE_OFFSET)?+this.getAttribute(c.LIVE_EDGE_OFFSET):void 0,seekToLiveOffset:this.hasAttribute(c.SEEK_TO_LIVE_OFFSET)?+this.getAttribute(c.SEEK_TO_LIVE_OFFSET):this.hasAttribute(c.LIVE_EDGE_OFFSET)?+this.getAttribute(c.LIVE_EDGE_OFFSET):void 0}});else if(e===c.SEEK_TO_LIVE_OFFSET&&n!==r)this.#e?.dispatch({type:"optionschangerequest",detail:{seekToLiveOffset:this.hasAttribute(c.SEEK_TO_LIVE_OFFSET)?+this.getAttribute(c.SEEK_TO_LIVE_OFFSET):this.hasAttribute(c.LIVE_EDGE_OFFSET)?+this.getAttribute(c.LIVE_EDGE_OFFSET):void 0}});else if(e===c.NO_AUTO_SEEK_TO_LIVE)this.#e?.dispatch({type:"optionschangerequest",detail:{noAutoSeekToLive:this.hasAttribute(c.NO_AUTO_SEEK_TO_LIVE)}});else if(e===c.FULLSCREEN_ELEMENT){let s=n?this.getRootNode()?.getElementById(n):void 0;this.#n=s,this.#e?.dispatch({type:"fullscreenelementchangerequest",detail:this.fullscreenElement})}else e===c.LANG&&n!==r?(ar(n),this.#e?.dispatch({type:"optionschangerequest",detail:{mediaLang:n}})):e===c.LOOP&&n!==r?this.#e?.dispatch({type:p.MEDIA_LOOP_REQUEST,detail:n!=null}):e===c.NO_VOLUME_PREF&&n!==r?this.#e?.dispatch({type:"optionschangerequest",detail:{noVolumePref:this.hasAttribute(c.NO_VOLUME_PREF)}}):e===c.NO_MUTED_PREF&&n!==r&&this.#e?.dispatch({type:"optionschangerequest",detail:{noMutedPref:this.hasAttribute(c.NO_MUTED_PREF)}})}connectedCallback(){this.associateElement(this),!this.#e&&!this.hasAttribute(c.NO_DEFAULT_STORE)&&this.#a(),this.#e?.dispatch({type:"documentelementchangerequest",detail:H}),this.#e?.dispatch({type:"fullscreenelementchangerequest",detail:this.fullscreenElement}),super.connectedCallback(),this.#e&&!this.#o&&(this.#o=this.#e?.subscribe(this.#r)),this.#s!==void 0&&this.#e&&this.media&&setTimeout(()=>{this.media?.textTracks?.length&&this.#e?.dispatch({type:p.MEDIA_TOGGLE_SUBTITLES_REQUEST,detail:this.#s})},0),this.hasAttribute(c.NO_HOTKEYS)?this.disableHotkeys():this.enableHotkeys()}disconnectedCallback(){if(super.disconnectedCallback?.(),this.disableHotkeys(),this.#e){let e=this.#e.getState();this.#s=!!e.mediaSubtitlesShowing?.length,this.#e?.dispatch({type:"fullscreenelementchangerequest",detail:void 0}),this.#e?.dispatch({type:"documentelementchangerequest",detail:void 0}),this.#e?.dispatch({type:p.MEDIA_TOGGLE_SUBTITLES_REQUEST,detail:!1})}this.#o&&(this.#o?.(),this.#o=void 0),this.unassociateElement(this),this.#i&&(this.#i.remove(),this.#i=null)}mediaSetCallback(e){super.mediaSetCallback(e),this.#e?.dispatch({type:"mediaelementchangerequest",detail:e}),e.hasAttribute("tabindex")||(e.tabIndex=-1)}mediaUnsetCallback(e){super.mediaUnsetCallback(e),this.#e?.dispatch({type:"mediaelementchangerequest",detail:void 0})}propagateMediaState(e,r){Br(this.mediaStateReceivers,e,r)}associateElement(e){if(!e)return;let{associatedElementSubscriptions:r}=this;if(r.has(e))return;let n=this.registerMediaStateReceiver.bind(this),s=this.unregisterMediaStateReceiver.bind(this),l=ao(e,n,s);Object.values(p).forEach(u=>{e.addEventListener(u,this.#l)}),r.set(e,l)}unassociateElement(e){if(!e)return;let{associatedElementSubscriptions:r}=this;if(!r.has(e))return;r.get(e)(),r.delete(e),Object.values(p).forEach(s=>{e.removeEventListener(s,this.#l)})}registerMediaStateReceiver(e){if(!e)return;let r=this.mediaStateReceivers;r.indexOf(e)>-1||(r.push(e),this.#e&&Object.entries(this.#e.getState()).forEach(([s,l])=>{Br([e],s,l)}))}unregisterMediaStateReceiver(e){let r=this.mediaStateReceivers,n=r.indexOf(e);n<0||r.splice(n,1)}#d;#c(e){let{metaKey:r,altKey:n,key:s,shiftKey:l}=e,u=l&&(s==="/"||s==="?");if(u&&this.#i?.open){this.removeEventListener("keyup",this.#d);return}if(r||n||!u&&!Ur.includes(s)){this.removeEventListener("keyup",this.#d);return}let m=e.target,f=m instanceof HTMLElement&&(m.tagName.toLowerCase()==="media-volume-range"||m.tagName.toLowerCase()==="media-time-range");[" ","ArrowLeft","ArrowRight","ArrowUp","ArrowDown"].includes(s)&&!this.#t.contains(Yt(s))&&!f&&e.preventDefault(),this.addEventListener("keyup",this.#d,{once:!0})}enableHotkeys(){this.addEventListener("keydown",this.#c)}disableHotkeys(){this.removeEventListener("keydown",this.#c),this.removeEventListener("keyup",this.#d)}get hotkeys(){return this.#t}set hotkeys(e){x(this,c.HOTKEYS,e)}keyboardShortcutHandler(e){let r=e.target;if((r.getAttribute(c.KEYS_USED)?.split(" ")??r?.keysUsed??[]).map(f=>f==="Space"?" ":f).filter(Boolean).includes(e.key))return;let s,l,u;if(!(this.#t.contains(Yt(e.key))||e.shiftKey&&(e.key==="/"||e.key==="?")&&this.#t.contains("noshift+/")))switch(e.key){case" ":case"k":s=this.#e.getState().mediaPaused?p.MEDIA_PLAY_REQUEST:p.MEDIA_PAUSE_REQUEST,this.dispatchEvent(new d.CustomEvent(s,{composed:!0,bubbles:!0}));break;case"m":s=this.mediaStore.getState().mediaVolumeLevel==="off"?p.MEDIA_UNMUTE_REQUEST:p.MEDIA_MUTE_REQUEST,this.dispatchEvent(new d.CustomEvent(s,{composed:!0,bubbles:!0}));break;case"f":s=this.mediaStore.getState().mediaIsFullscreen?p.MEDIA_EXIT_FULLSCREEN_REQUEST:p.MEDIA_ENTER_FULLSCREEN_REQUEST,this.dispatchEvent(new d.CustomEvent(s,{composed:!0,bubbles:!0}));break;case"c":this.dispatchEvent(new d.CustomEvent(p.MEDIA_TOGGLE_SUBTITLES_REQUEST,{composed:!0,bubbles:!0}));break;case"ArrowLeft":case"j":{let f=this.hasAttribute(c.KEYBOARD_BACKWARD_SEEK_OFFSET)?+this.getAttribute(c.KEYBOARD_BACKWARD_SEEK_OFFSET):Nr;l=Math.max((this.mediaStore.getState().mediaCurrentTime??0)-f,0),u=new d.CustomEvent(p.MEDIA_SEEK_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case"ArrowRight":case"l":{let f=this.hasAttribute(c.KEYBOARD_FORWARD_SEEK_OFFSET)?+this.getAttribute(c.KEYBOARD_FORWARD_SEEK_OFFSET):Nr;l=Math.max((this.mediaStore.getState().mediaCurrentTime??0)+f,0),u=new d.CustomEvent(p.MEDIA_SEEK_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case"ArrowUp":{let f=this.hasAttribute(c.KEYBOARD_UP_VOLUME_STEP)?+this.getAttribute(c.KEYBOARD_UP_VOLUME_STEP):Hr;l=Math.min((this.mediaStore.getState().mediaVolume??1)+f,1),u=new d.CustomEvent(p.MEDIA_VOLUME_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case"ArrowDown":{let f=this.hasAttribute(c.KEYBOARD_DOWN_VOLUME_STEP)?+this.getAttribute(c.KEYBOARD_DOWN_VOLUME_STEP):Hr;l=Math.max((this.mediaStore.getState().mediaVolume??1)-f,0),u=new d.CustomEvent(p.MEDIA_VOLUME_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case"<":{let f=this.mediaStore.getState().mediaPlaybackRate??1;l=Math.max(f-Fr,Jn).toFixed(2),u=new d.CustomEvent(p.MEDIA_PLAYBACK_RATE_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case">":{let f=this.mediaStore.getState().mediaPlaybackRate??1;l=Math.min(f+Fr,eo).toFixed(2),u=new d.CustomEvent(p.MEDIA_PLAYBACK_RATE_REQUEST,{composed:!0,bubbles:!0,detail:l}),this.dispatchEvent(u);break}case"/":case"?":{e.shiftKey&&this.#m();break}case"p":{s=this.mediaStore.getState().mediaIsPip?p.MEDIA_EXIT_PIP_REQUEST:p.MEDIA_ENTER_PIP_REQUEST,u=new d.CustomEvent(s,{composed:!0,bubbles:!0}),this.dispatchEvent(u);break}default:break}}#u(){this.#i&&(this.#i.hotkeys=this.#t.value||void 0,(this.noHotkeys||this.#t.contains("noshift+/"))&&(this.#i.open=!1))}#m(){this.#i||(this.#i=H.createElement("media-keyboard-shortcuts-dialog"),this.#u(),this.appendChild(this.#i)),this.#i.open=!0}},to=Object.values(o),io=Object.values(ui),$r=t=>{let{observedAttributes:i}=t.constructor;!i&&t.nodeName?.includes("-")&&(d.customElements.upgrade(t),{observedAttributes:i}=t.constructor);let e=t?.getAttribute?.(k.MEDIA_CHROME_ATTRIBUTES)?.split?.(/\s+/);return Array.isArray(i||e)?(i||e).filter(r=>to.includes(r)):[]},ro=t=>(t.nodeName?.includes("-")&&d.customElements.get(t.nodeName?.toLowerCase())&&!(t instanceof d.customElements.get(t.nodeName.toLowerCase()))&&d.customElements.upgrade(t),io.some(i=>i in t)),_i=t=>ro(t)||!!$r(t).length,Vr=t=>t?.join?.(":"),no={[o.MEDIA_SUBTITLES_LIST]:gt,[o.MEDIA_SUBTITLES_SHOWING]:gt,[o.MEDIA_SEEKABLE]:Vr,[o.MEDIA_BUFFERED]:t=>t?.map(Vr).join(" "),[o.MEDIA_PREVIEW_COORDS]:t=>t?.join(" "),[o.MEDIA_RENDITION_LIST]:fr,[o.MEDIA_AUDIO_TRACK_LIST]:vr},oo=async(t,i,e)=>{if(t.isConnected||await jt(0),typeof e=="boolean"||e==null)return _(t,i,e);if(typeof e=="number")return j(t,i,e);if(typeof e=="string")return x(t,i,e);if(Array.isArray(e)&&!e.length)return t.removeAttribute(i);let r=no[i]?.(e)??e;return t.setAttribute(i,r)},so=t=>!!t.closest?.('*[slot="media"]'),De=(t,i)=>{if(so(t))return;let e=(n,s)=>{_i(n)&&s(n);let{children:l=[]}=n??{},u=n?.shadowRoot?.children??[];[...l,...u].forEach(f=>De(f,s))},r=t?.nodeName.toLowerCase();if(r.includes("-")&&!_i(t)){d.customElements.whenDefined(r).then(()=>{e(t,i)});return}e(t,i)},Br=(t,i,e)=>{t.forEach(r=>{if(i in r){r[i]=e;return}let n=$r(r),s=i.toLowerCase();n.includes(s)&&oo(r,s,e)})},ao=(t,i,e)=>{De(t,i);let r=A=>{let I=A?.composedPath()[0]??A.target;i(I)},n=A=>{let I=A?.composedPath()[0]??A.target;e(I)};t.addEventListener(p.REGISTER_MEDIA_STATE_RECEIVER,r),t.addEventListener(p.UNREGISTER_MEDIA_STATE_RECEIVER,n);let s=A=>{A.forEach(I=>{let{addedNodes:b=[],removedNodes:T=[],type:D,target:L,attributeName:M}=I;D==="childList"?(Array.prototype.forEach.call(b,O=>De(O,i)),Array.prototype.forEach.call(T,O=>De(O,e))):D==="attributes"&&M===k.MEDIA_CHROME_ATTRIBUTES&&(_i(L)?i(L):e(L))})},l=[],u=A=>{let I=A.target;I.name!=="media"&&(l.forEach(b=>De(b,e)),l=[...I.assignedElements({flatten:!0})],l.forEach(b=>De(b,i)))};t.addEventListener("slotchange",u);let m=new MutationObserver(s);return m.observe(t,{childList:!0,attributes:!0,subtree:!0}),()=>{De(t,e),t.removeEventListener("slotchange",u),m.disconnect(),t.removeEventListener(p.REGISTER_MEDIA_STATE_RECEIVER,r),t.removeEventListener(p.UNREGISTER_MEDIA_STATE_RECEIVER,n)}};d.customElements.get("media-controller")||d.customElements.define("media-controller",Si);var ze={PLACEMENT:"placement",BOUNDS:"bounds"};function lo(t){return`
    <style>
      :host {
        --_tooltip-background-color: var(--media-tooltip-background-color, var(--media-secondary-color, rgba(20, 20, 30, .7)));
        --_tooltip-background: var(--media-tooltip-background, var(--_tooltip-background-color));
        --_tooltip-arrow-half-width: calc(var(--media-tooltip-arrow-width, 12px) / 2);
        --_tooltip-arrow-height: var(--media-tooltip-arrow-height, 5px);
        --_tooltip-arrow-background: var(--media-tooltip-arrow-color, var(--_tooltip-background-color));
        position: relative;
        pointer-events: none;
        display: var(--media-tooltip-display, inline-flex);
        justify-content: center;
        align-items: center;
        box-sizing: border-box;
        z-index: var(--media-tooltip-z-index, 1);
        background: var(--_tooltip-background);
        color: var(--media-text-color, var(--media-primary-color, rgb(238 238 238)));
        font: var(--media-font,
          var(--media-font-weight, 400)
          var(--media-font-size, 13px) /
          var(--media-text-content-height, var(--media-control-height, 18px))
          var(--media-font-family, helvetica neue, segoe ui, roboto, arial, sans-serif));
        padding: var(--media-tooltip-padding, .35em .7em);
        border: var(--media-tooltip-border, none);
        border-radius: var(--media-tooltip-border-radius, 5px);
        filter: var(--media-tooltip-filter, drop-shadow(0 0 4px rgba(0, 0, 0, .2)));
        white-space: var(--media-tooltip-white-space, nowrap);
      }

      :host([hidden]) {
        display: none;
      }

      img, svg {
        display: inline-block;
      }

      #arrow {
        position: absolute;
        width: 0px;
        height: 0px;
        border-style: solid;
        display: var(--media-tooltip-arrow-display, block);
      }

      :host(:not([placement])),
      :host([placement="top"]) {
        position: absolute;
        bottom: calc(100% + var(--media-tooltip-distance, 12px));
        left: 50%;
        transform: translate(calc(-50% - var(--media-tooltip-offset-x, 0px)), 0);
      }
      :host(:not([placement])) #arrow,
      :host([placement="top"]) #arrow {
        top: 100%;
        left: 50%;
        border-width: var(--_tooltip-arrow-height) var(--_tooltip-arrow-half-width) 0 var(--_tooltip-arrow-half-width);
        border-color: var(--_tooltip-arrow-background) transparent transparent transparent;
        transform: translate(calc(-50% + var(--media-tooltip-offset-x, 0px)), 0);
      }

      :host([placement="right"]) {
        position: absolute;
        left: calc(100% + var(--media-tooltip-distance, 12px));
        top: 50%;
        transform: translate(0, -50%);
      }
      :host([placement="right"]) #arrow {
        top: 50%;
        right: 100%;
        border-width: var(--_tooltip-arrow-half-width) var(--_tooltip-arrow-height) var(--_tooltip-arrow-half-width) 0;
        border-color: transparent var(--_tooltip-arrow-background) transparent transparent;
        transform: translate(0, -50%);
      }

      :host([placement="bottom"]) {
        position: absolute;
        top: calc(100% + var(--media-tooltip-distance, 12px));
        left: 50%;
        transform: translate(calc(-50% - var(--media-tooltip-offset-x, 0px)), 0);
      }
      :host([placement="bottom"]) #arrow {
        bottom: 100%;
        left: 50%;
        border-width: 0 var(--_tooltip-arrow-half-width) var(--_tooltip-arrow-height) var(--_tooltip-arrow-half-width);
        border-color: transparent transparent var(--_tooltip-arrow-background) transparent;
        transform: translate(calc(-50% + var(--media-tooltip-offset-x, 0px)), 0);
      }

      :host([placement="left"]) {
        position: absolute;
        right: calc(100% + var(--media-tooltip-distance, 12px));
        top: 50%;
        transform: translate(0, -50%);
      }
      :host([placement="left"]) #arrow {
        top: 50%;
        left: 100%;
        border-width: var(--_tooltip-arrow-half-width) 0 var(--_tooltip-arrow-half-width) var(--_tooltip-arrow-height);
        border-color: transparent transparent transparent var(--_tooltip-arrow-background);
        transform: translate(0, -50%);
      }
      
      :host([placement="none"]) #arrow {
        display: none;
      }
    </style>
    <slot></slot>
    <div id="arrow"></div>
  `}var Xe=class extends d.HTMLElement{constructor(){super();this.updateXOffset=()=>{if(!Kt(this,{checkOpacity:!1,checkVisibilityCSS:!1}))return;let e=this.placement;if(e==="left"||e==="right"){this.style.removeProperty("--media-tooltip-offset-x");return}let r=getComputedStyle(this),n=Ee(this,"#"+this.bounds)??nr(this);if(!n)return;let{x:s,width:l}=n.getBoundingClientRect(),{x:u,width:m}=this.getBoundingClientRect(),f=u+m,A=s+l,I=r.getPropertyValue("--media-tooltip-offset-x"),b=I?parseFloat(I.replace("px","")):0,T=r.getPropertyValue("--media-tooltip-container-margin"),D=T?parseFloat(T.replace("px","")):0,L=u-s+b-D,M=f-A+b+D;if(L<0){this.style.setProperty("--media-tooltip-offset-x",`${L}px`);return}if(M>0){this.style.setProperty("--media-tooltip-offset-x",`${M}px`);return}this.style.removeProperty("--media-tooltip-offset-x")};if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes);this.shadowRoot.innerHTML=this.constructor.getTemplateHTML(e)}if(this.arrowEl=this.shadowRoot.querySelector("#arrow"),Object.prototype.hasOwnProperty.call(this,"placement")){let e=this.placement;delete this.placement,this.placement=e}}static get observedAttributes(){return[ze.PLACEMENT,ze.BOUNDS]}get placement(){return P(this,ze.PLACEMENT)}set placement(e){x(this,ze.PLACEMENT,e)}get bounds(){return P(this,ze.BOUNDS)}set bounds(e){x(this,ze.BOUNDS,e)}};Xe.shadowRootOptions={mode:"open"},Xe.getTemplateHTML=lo;d.customElements.get("media-tooltip")||d.customElements.define("media-tooltip",Xe);var Ii=Xe;var fe={TOOLTIP_PLACEMENT:"tooltipplacement",DISABLED:"disabled",NO_TOOLTIP:"notooltip"};function uo(t,i={}){return`
    <style>
      :host {
        position: relative;
        font: var(--media-font,
          var(--media-font-weight, bold)
          var(--media-font-size, 14px) /
          var(--media-text-content-height, var(--media-control-height, 24px))
          var(--media-font-family, helvetica neue, segoe ui, roboto, arial, sans-serif));
        color: var(--media-text-color, var(--media-primary-color, rgb(238 238 238)));
        background: var(--media-control-background, var(--media-secondary-color, rgb(20 20 30 / .7)));
        padding: var(--media-button-padding, var(--media-control-padding, 10px));
        justify-content: var(--media-button-justify-content, center);
        display: inline-flex;
        align-items: center;
        vertical-align: middle;
        box-sizing: border-box;
        transition: background .15s linear;
        pointer-events: auto;
        cursor: var(--media-cursor, pointer);
        -webkit-tap-highlight-color: transparent;
      }

      
      :host(:focus-visible) {
        box-shadow: var(--media-focus-box-shadow, inset 0 0 0 2px rgb(27 127 204 / .9));
        outline: 0;
      }
      
      :host(:where(:focus)) {
        box-shadow: none;
        outline: 0;
      }

      :host(:hover) {
        background: var(--media-control-hover-background, rgba(50 50 70 / .7));
      }

      slot[name="icon"] {
        display: inline-flex;
        align-items: center;
      }

      svg, img, ::slotted(svg), ::slotted(img) {
        width: var(--media-button-icon-width);
        height: var(--media-button-icon-height, var(--media-control-height, 24px));
        transform: var(--media-button-icon-transform);
        transition: var(--media-button-icon-transition);
        fill: var(--media-icon-color, var(--media-primary-color, rgb(238 238 238)));
        vertical-align: middle;
        max-width: 100%;
        max-height: 100%;
        min-width: 100%;
      }

      media-tooltip {
        
        max-width: 0;
        overflow-x: clip;
        opacity: 0;
        transition: opacity .3s, max-width 0s 9s;
      }

      :host(:hover) media-tooltip,
      :host(:focus-visible) media-tooltip {
        max-width: 100vw;
        opacity: 1;
        transition: opacity .3s;
      }

      :host([notooltip]) slot[name="tooltip"] {
        display: none;
      }
    </style>

    ${this.getSlotTemplateHTML(t,i)}

    <slot name="tooltip">
      <media-tooltip part="tooltip" aria-hidden="true">
        <template shadowrootmode="${Ii.shadowRootOptions.mode}">
          ${Ii.getTemplateHTML({})}
        </template>
        <slot name="tooltip-content">
          ${this.getTooltipContentHTML(t)}
        </slot>
      </media-tooltip>
    </slot>
  `}function co(t,i){return`
    <slot></slot>
  `}function mo(){return""}var ie,Ce,Ze,Kr,ce,Pe,ft,Gr,W=class extends d.HTMLElement{constructor(){super();h(this,Ze);h(this,ie);this.preventClick=!1;this.tooltipEl=null;h(this,Ce,e=>{this.preventClick||this.handleClick(e),setTimeout(a(this,ce),0)});h(this,ce,()=>{this.tooltipEl?.updateXOffset?.()});h(this,Pe,e=>{let{key:r}=e;if(!this.keysUsed.includes(r)){this.removeEventListener("keyup",a(this,Pe));return}this.preventClick||this.handleClick(e)});h(this,ft,e=>{let{metaKey:r,altKey:n,key:s}=e;if(r||n||!this.keysUsed.includes(s)){this.removeEventListener("keyup",a(this,Pe));return}this.addEventListener("keyup",a(this,Pe),{once:!0})});if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes),r=this.constructor.getTemplateHTML(e);this.shadowRoot.setHTMLUnsafe?this.shadowRoot.setHTMLUnsafe(r):this.shadowRoot.innerHTML=r}this.tooltipEl=this.shadowRoot.querySelector("media-tooltip")}static get observedAttributes(){return["disabled",fe.TOOLTIP_PLACEMENT,k.MEDIA_CONTROLLER,o.MEDIA_LANG]}enable(){this.addEventListener("click",a(this,Ce)),this.addEventListener("keydown",a(this,ft)),this.tabIndex=0}disable(){this.removeEventListener("click",a(this,Ce)),this.removeEventListener("keydown",a(this,ft)),this.removeEventListener("keyup",a(this,Pe)),this.tabIndex=-1}attributeChangedCallback(e,r,n){e===k.MEDIA_CONTROLLER?(r&&(a(this,ie)?.unassociateElement?.(this),E(this,ie,null)),n&&this.isConnected&&(E(this,ie,this.getRootNode()?.getElementById(n)),a(this,ie)?.associateElement?.(this))):e==="disabled"&&n!==r?n==null?this.enable():this.disable():e===fe.TOOLTIP_PLACEMENT&&this.tooltipEl&&n!==r?this.tooltipEl.placement=n:e===o.MEDIA_LANG&&(this.shadowRoot.querySelector('slot[name="tooltip-content"]').innerHTML=this.constructor.getTooltipContentHTML()),g(this,Ze,Kr).call(this)&&a(this,ce).call(this)}connectedCallback(){let{style:e}=w(this.shadowRoot,":host");e.setProperty("display",`var(--media-control-display, var(--${this.localName}-display, inline-flex))`),this.hasAttribute("disabled")?this.disable():this.enable(),this.setAttribute("role","button");let r=this.getAttribute(k.MEDIA_CONTROLLER);r&&(E(this,ie,this.getRootNode()?.getElementById(r)),a(this,ie)?.associateElement?.(this)),d.customElements.whenDefined("media-tooltip").then(()=>g(this,Ze,Gr).call(this))}disconnectedCallback(){this.disable(),a(this,ie)?.unassociateElement?.(this),E(this,ie,null),this.removeEventListener("mouseenter",a(this,ce)),this.removeEventListener("focus",a(this,ce)),this.removeEventListener("click",a(this,Ce))}get keysUsed(){return["Enter"," "]}get tooltipPlacement(){return P(this,fe.TOOLTIP_PLACEMENT)}set tooltipPlacement(e){x(this,fe.TOOLTIP_PLACEMENT,e)}get mediaController(){return P(this,k.MEDIA_CONTROLLER)}set mediaController(e){x(this,k.MEDIA_CONTROLLER,e)}get disabled(){return S(this,fe.DISABLED)}set disabled(e){_(this,fe.DISABLED,e)}get noTooltip(){return S(this,fe.NO_TOOLTIP)}set noTooltip(e){_(this,fe.NO_TOOLTIP,e)}handleClick(e){}};ie=new WeakMap,Ce=new WeakMap,Ze=new WeakSet,Kr=function(){try{return this.matches(":hover, :focus-visible")}catch{return this.matches(":hover, :focus")}},ce=new WeakMap,Pe=new WeakMap,ft=new WeakMap,Gr=function(){this.addEventListener("mouseenter",a(this,ce)),this.addEventListener("focus",a(this,ce)),this.addEventListener("click",a(this,Ce));let e=this.tooltipPlacement;e&&this.tooltipEl&&(this.tooltipEl.placement=e)},W.shadowRootOptions={mode:"open"},W.getTemplateHTML=uo,W.getSlotTemplateHTML=co,W.getTooltipContentHTML=mo;d.customElements.get("media-chrome-button")||d.customElements.define("media-chrome-button",W);var ho=`<svg aria-hidden="true" viewBox="0 0 24 24">
  <path d="m6 21 15-9L6 3v18Z"/>
</svg>`,po=`<svg aria-hidden="true" viewBox="0 0 24 24">
  <path d="M6 20h4V4H6v16Zm8-16v16h4V4h-4Z"/>
</svg>`;function Eo(t){return`
    <style>
      :host([${o.MEDIA_PAUSED}]) slot[name=pause],
      :host(:not([${o.MEDIA_PAUSED}])) slot[name=play] {
        display: none !important;
      }

      :host([${o.MEDIA_PAUSED}]) slot[name=tooltip-pause],
      :host(:not([${o.MEDIA_PAUSED}])) slot[name=tooltip-play] {
        display: none;
      }
    </style>

    <slot name="icon">
      <slot name="play">${ho}</slot>
      <slot name="pause">${po}</slot>
    </slot>
  `}function go(){return`
    <slot name="tooltip-play">${y("Play")}</slot>
    <slot name="tooltip-pause">${y("Pause")}</slot>
  `}var Wr=t=>{let i=t.mediaPaused?y("play"):y("pause");t.setAttribute("aria-label",i)},vt=class extends W{static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_PAUSED,o.MEDIA_ENDED]}connectedCallback(){super.connectedCallback(),Wr(this)}attributeChangedCallback(i,e,r){super.attributeChangedCallback(i,e,r),(i===o.MEDIA_PAUSED||i===o.MEDIA_LANG)&&Wr(this)}get mediaPaused(){return S(this,o.MEDIA_PAUSED)}set mediaPaused(i){_(this,o.MEDIA_PAUSED,i)}handleClick(){let i=this.mediaPaused?p.MEDIA_PLAY_REQUEST:p.MEDIA_PAUSE_REQUEST;this.dispatchEvent(new d.CustomEvent(i,{composed:!0,bubbles:!0}))}};vt.getSlotTemplateHTML=Eo,vt.getTooltipContentHTML=go;d.customElements.get("media-play-button")||d.customElements.define("media-play-button",vt);var bo=`<svg aria-hidden="true" viewBox="0 0 24 24">
  <path d="M16.5 12A4.5 4.5 0 0 0 14 8v2.18l2.45 2.45a4.22 4.22 0 0 0 .05-.63Zm2.5 0a6.84 6.84 0 0 1-.54 2.64L20 16.15A8.8 8.8 0 0 0 21 12a9 9 0 0 0-7-8.77v2.06A7 7 0 0 1 19 12ZM4.27 3 3 4.27 7.73 9H3v6h4l5 5v-6.73l4.25 4.25A6.92 6.92 0 0 1 14 18.7v2.06A9 9 0 0 0 17.69 19l2 2.05L21 19.73l-9-9L4.27 3ZM12 4 9.91 6.09 12 8.18V4Z"/>
</svg>`,qr=`<svg aria-hidden="true" viewBox="0 0 24 24">
  <path d="M3 9v6h4l5 5V4L7 9H3Zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.47 4.47 0 0 0 2.5-4Z"/>
</svg>`,fo=`<svg aria-hidden="true" viewBox="0 0 24 24">
  <path d="M3 9v6h4l5 5V4L7 9H3Zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.47 4.47 0 0 0 2.5-4ZM14 3.23v2.06a7 7 0 0 1 0 13.42v2.06a9 9 0 0 0 0-17.54Z"/>
</svg>`;function vo(t){return`
    <style>
      :host(:not([${o.MEDIA_VOLUME_LEVEL}])) slot[name=icon] slot:not([name=high]),
      :host([${o.MEDIA_VOLUME_LEVEL}=high]) slot[name=icon] slot:not([name=high]) {
        display: none !important;
      }

      :host([${o.MEDIA_VOLUME_LEVEL}=off]) slot[name=icon] slot:not([name=off]) {
        display: none !important;
      }

      :host([${o.MEDIA_VOLUME_LEVEL}=low]) slot[name=icon] slot:not([name=low]) {
        display: none !important;
      }

      :host([${o.MEDIA_VOLUME_LEVEL}=medium]) slot[name=icon] slot:not([name=medium]) {
        display: none !important;
      }

      :host(:not([${o.MEDIA_VOLUME_LEVEL}=off])) slot[name=tooltip-unmute],
      :host([${o.MEDIA_VOLUME_LEVEL}=off]) slot[name=tooltip-mute] {
        display: none;
      }
    </style>

    <slot name="icon">
      <slot name="off">${bo}</slot>
      <slot name="low">${qr}</slot>
      <slot name="medium">${qr}</slot>
      <slot name="high">${fo}</slot>
    </slot>
  `}function To(){return`
    <slot name="tooltip-mute">${y("Mute")}</slot>
    <slot name="tooltip-unmute">${y("Unmute")}</slot>
  `}var Yr=t=>{let e=t.mediaVolumeLevel==="off"?y("unmute"):y("mute");t.setAttribute("aria-label",e)},Tt=class extends W{static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_VOLUME_LEVEL]}connectedCallback(){super.connectedCallback(),Yr(this)}attributeChangedCallback(i,e,r){super.attributeChangedCallback(i,e,r),i===o.MEDIA_VOLUME_LEVEL&&Yr(this)}get mediaVolumeLevel(){return P(this,o.MEDIA_VOLUME_LEVEL)}set mediaVolumeLevel(i){x(this,o.MEDIA_VOLUME_LEVEL,i)}handleClick(){let i=this.mediaVolumeLevel==="off"?p.MEDIA_UNMUTE_REQUEST:p.MEDIA_MUTE_REQUEST;this.dispatchEvent(new d.CustomEvent(i,{composed:!0,bubbles:!0}))}};Tt.getSlotTemplateHTML=vo,Tt.getTooltipContentHTML=To;d.customElements.get("media-mute-button")||d.customElements.define("media-mute-button",Tt);var Ao=`<svg aria-hidden="true" viewBox="0 0 26 24">
  <path d="M22.83 5.68a2.58 2.58 0 0 0-2.3-2.5c-3.62-.24-11.44-.24-15.06 0a2.58 2.58 0 0 0-2.3 2.5c-.23 4.21-.23 8.43 0 12.64a2.58 2.58 0 0 0 2.3 2.5c3.62.24 11.44.24 15.06 0a2.58 2.58 0 0 0 2.3-2.5c.23-4.21.23-8.43 0-12.64Zm-11.39 9.45a3.07 3.07 0 0 1-1.91.57 3.06 3.06 0 0 1-2.34-1 3.75 3.75 0 0 1-.92-2.67 3.92 3.92 0 0 1 .92-2.77 3.18 3.18 0 0 1 2.43-1 2.94 2.94 0 0 1 2.13.78c.364.359.62.813.74 1.31l-1.43.35a1.49 1.49 0 0 0-1.51-1.17 1.61 1.61 0 0 0-1.29.58 2.79 2.79 0 0 0-.5 1.89 3 3 0 0 0 .49 1.93 1.61 1.61 0 0 0 1.27.58 1.48 1.48 0 0 0 1-.37 2.1 2.1 0 0 0 .59-1.14l1.4.44a3.23 3.23 0 0 1-1.07 1.69Zm7.22 0a3.07 3.07 0 0 1-1.91.57 3.06 3.06 0 0 1-2.34-1 3.75 3.75 0 0 1-.92-2.67 3.88 3.88 0 0 1 .93-2.77 3.14 3.14 0 0 1 2.42-1 3 3 0 0 1 2.16.82 2.8 2.8 0 0 1 .73 1.31l-1.43.35a1.49 1.49 0 0 0-1.51-1.21 1.61 1.61 0 0 0-1.29.58A2.79 2.79 0 0 0 15 12a3 3 0 0 0 .49 1.93 1.61 1.61 0 0 0 1.27.58 1.44 1.44 0 0 0 1-.37 2.1 2.1 0 0 0 .6-1.15l1.4.44a3.17 3.17 0 0 1-1.1 1.7Z"/>
</svg>`,yo=`<svg aria-hidden="true" viewBox="0 0 26 24">
  <path d="M17.73 14.09a1.4 1.4 0 0 1-1 .37 1.579 1.579 0 0 1-1.27-.58A3 3 0 0 1 15 12a2.8 2.8 0 0 1 .5-1.85 1.63 1.63 0 0 1 1.29-.57 1.47 1.47 0 0 1 1.51 1.2l1.43-.34A2.89 2.89 0 0 0 19 9.07a3 3 0 0 0-2.14-.78 3.14 3.14 0 0 0-2.42 1 3.91 3.91 0 0 0-.93 2.78 3.74 3.74 0 0 0 .92 2.66 3.07 3.07 0 0 0 2.34 1 3.07 3.07 0 0 0 1.91-.57 3.17 3.17 0 0 0 1.07-1.74l-1.4-.45c-.083.43-.3.822-.62 1.12Zm-7.22 0a1.43 1.43 0 0 1-1 .37 1.58 1.58 0 0 1-1.27-.58A3 3 0 0 1 7.76 12a2.8 2.8 0 0 1 .5-1.85 1.63 1.63 0 0 1 1.29-.57 1.47 1.47 0 0 1 1.51 1.2l1.43-.34a2.81 2.81 0 0 0-.74-1.32 2.94 2.94 0 0 0-2.13-.78 3.18 3.18 0 0 0-2.43 1 4 4 0 0 0-.92 2.78 3.74 3.74 0 0 0 .92 2.66 3.07 3.07 0 0 0 2.34 1 3.07 3.07 0 0 0 1.91-.57 3.23 3.23 0 0 0 1.07-1.74l-1.4-.45a2.06 2.06 0 0 1-.6 1.07Zm12.32-8.41a2.59 2.59 0 0 0-2.3-2.51C18.72 3.05 15.86 3 13 3c-2.86 0-5.72.05-7.53.17a2.59 2.59 0 0 0-2.3 2.51c-.23 4.207-.23 8.423 0 12.63a2.57 2.57 0 0 0 2.3 2.5c1.81.13 4.67.19 7.53.19 2.86 0 5.72-.06 7.53-.19a2.57 2.57 0 0 0 2.3-2.5c.23-4.207.23-8.423 0-12.63Zm-1.49 12.53a1.11 1.11 0 0 1-.91 1.11c-1.67.11-4.45.18-7.43.18-2.98 0-5.76-.07-7.43-.18a1.11 1.11 0 0 1-.91-1.11c-.21-4.14-.21-8.29 0-12.43a1.11 1.11 0 0 1 .91-1.11C7.24 4.56 10 4.49 13 4.49s5.76.07 7.43.18a1.11 1.11 0 0 1 .91 1.11c.21 4.14.21 8.29 0 12.43Z"/>
</svg>`;function So(t){return`
    <style>
      :host([aria-checked="true"]) slot[name=off] {
        display: none !important;
      }

      
      :host(:not([aria-checked="true"])) slot[name=on] {
        display: none !important;
      }

      :host([aria-checked="true"]) slot[name=tooltip-enable],
      :host(:not([aria-checked="true"])) slot[name=tooltip-disable] {
        display: none;
      }
    </style>

    <slot name="icon">
      <slot name="on">${Ao}</slot>
      <slot name="off">${yo}</slot>
    </slot>
  `}function _o(){return`
    <slot name="tooltip-enable">${y("Enable captions")}</slot>
    <slot name="tooltip-disable">${y("Disable captions")}</slot>
  `}var Qr=t=>{t.setAttribute("aria-checked",yr(t).toString())},At=class extends W{static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_SUBTITLES_LIST,o.MEDIA_SUBTITLES_SHOWING]}connectedCallback(){super.connectedCallback(),this.setAttribute("role","button"),this.setAttribute("aria-label",y("closed captions")),Qr(this)}attributeChangedCallback(i,e,r){super.attributeChangedCallback(i,e,r),i===o.MEDIA_SUBTITLES_SHOWING&&Qr(this)}get mediaSubtitlesList(){return jr(this,o.MEDIA_SUBTITLES_LIST)}set mediaSubtitlesList(i){zr(this,o.MEDIA_SUBTITLES_LIST,i)}get mediaSubtitlesShowing(){return jr(this,o.MEDIA_SUBTITLES_SHOWING)}set mediaSubtitlesShowing(i){zr(this,o.MEDIA_SUBTITLES_SHOWING,i)}handleClick(){this.dispatchEvent(new d.CustomEvent(p.MEDIA_TOGGLE_SUBTITLES_REQUEST,{composed:!0,bubbles:!0}))}};At.getSlotTemplateHTML=So,At.getTooltipContentHTML=_o;var jr=(t,i)=>{let e=t.getAttribute(i);return e?bi(e):[]},zr=(t,i,e)=>{if(!e?.length){t.removeAttribute(i);return}let r=gt(e);t.getAttribute(i)!==r&&t.setAttribute(i,r)};d.customElements.get("media-captions-button")||d.customElements.define("media-captions-button",At);var Io=`<svg aria-hidden="true" viewBox="0 0 26 24">
  <path d="M16 3v2.5h3.5V9H22V3h-6ZM4 9h2.5V5.5H10V3H4v6Zm15.5 9.5H16V21h6v-6h-2.5v3.5ZM6.5 15H4v6h6v-2.5H6.5V15Z"/>
</svg>`,Lo=`<svg aria-hidden="true" viewBox="0 0 26 24">
  <path d="M18.5 6.5V3H16v6h6V6.5h-3.5ZM16 21h2.5v-3.5H22V15h-6v6ZM4 17.5h3.5V21H10v-6H4v2.5Zm3.5-11H4V9h6V3H7.5v3.5Z"/>
</svg>`;function Mo(t){return`
    <style>
      :host([${o.MEDIA_IS_FULLSCREEN}]) slot[name=icon] slot:not([name=exit]) {
        display: none !important;
      }

      
      :host(:not([${o.MEDIA_IS_FULLSCREEN}])) slot[name=icon] slot:not([name=enter]) {
        display: none !important;
      }

      :host([${o.MEDIA_IS_FULLSCREEN}]) slot[name=tooltip-enter],
      :host(:not([${o.MEDIA_IS_FULLSCREEN}])) slot[name=tooltip-exit] {
        display: none;
      }
    </style>

    <slot name="icon">
      <slot name="enter">${Io}</slot>
      <slot name="exit">${Lo}</slot>
    </slot>
  `}function ko(){return`
    <slot name="tooltip-enter">${y("Enter fullscreen mode")}</slot>
    <slot name="tooltip-exit">${y("Exit fullscreen mode")}</slot>
  `}var Xr=t=>{let i=t.mediaIsFullscreen?y("exit fullscreen mode"):y("enter fullscreen mode");t.setAttribute("aria-label",i)},St,yt=class extends W{constructor(){super(...arguments);h(this,St,null)}static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_IS_FULLSCREEN,o.MEDIA_FULLSCREEN_UNAVAILABLE]}connectedCallback(){super.connectedCallback(),Xr(this)}attributeChangedCallback(e,r,n){super.attributeChangedCallback(e,r,n),e===o.MEDIA_IS_FULLSCREEN&&Xr(this)}get mediaFullscreenUnavailable(){return P(this,o.MEDIA_FULLSCREEN_UNAVAILABLE)}set mediaFullscreenUnavailable(e){x(this,o.MEDIA_FULLSCREEN_UNAVAILABLE,e)}get mediaIsFullscreen(){return S(this,o.MEDIA_IS_FULLSCREEN)}set mediaIsFullscreen(e){_(this,o.MEDIA_IS_FULLSCREEN,e)}handleClick(e){E(this,St,e);let r=a(this,St)instanceof PointerEvent,n=this.mediaIsFullscreen?new d.CustomEvent(p.MEDIA_EXIT_FULLSCREEN_REQUEST,{composed:!0,bubbles:!0}):new d.CustomEvent(p.MEDIA_ENTER_FULLSCREEN_REQUEST,{composed:!0,bubbles:!0,detail:r});this.dispatchEvent(n)}};St=new WeakMap,yt.getSlotTemplateHTML=Mo,yt.getTooltipContentHTML=ko;d.customElements.get("media-fullscreen-button")||d.customElements.define("media-fullscreen-button",yt);function Ro(t){return`
    <style>
      :host {
        --_focus-box-shadow: var(--media-focus-box-shadow, inset 0 0 0 2px rgb(27 127 204 / .9));
        --_media-range-padding: var(--media-range-padding, var(--media-control-padding, 10px));

        box-shadow: var(--_focus-visible-box-shadow, none);
        background: var(--media-control-background, var(--media-secondary-color, rgb(20 20 30 / .7)));
        height: calc(var(--media-control-height, 24px) + 2 * var(--_media-range-padding));
        display: inline-flex;
        align-items: center;
        
        vertical-align: middle;
        box-sizing: border-box;
        position: relative;
        width: 100px;
        transition: background .15s linear;
        cursor: var(--media-cursor, pointer);
        pointer-events: auto;
        touch-action: none; 
      }

      
      input[type=range]:focus {
        outline: 0;
      }
      input[type=range]:focus::-webkit-slider-runnable-track {
        outline: 0;
      }

      :host(:hover) {
        background: var(--media-control-hover-background, rgb(50 50 70 / .7));
      }

      #leftgap {
        padding-left: var(--media-range-padding-left, var(--_media-range-padding));
      }

      #rightgap {
        padding-right: var(--media-range-padding-right, var(--_media-range-padding));
      }

      #startpoint,
      #endpoint {
        position: absolute;
      }

      #endpoint {
        right: 0;
      }

      #container {
        
        width: var(--media-range-track-width, 100%);
        transform: translate(var(--media-range-track-translate-x, 0px), var(--media-range-track-translate-y, 0px));
        position: relative;
        height: 100%;
        display: flex;
        align-items: center;
        min-width: 40px;
      }

      #range {
        
        display: var(--media-time-range-hover-display, block);
        bottom: var(--media-time-range-hover-bottom, 0);
        height: var(--media-time-range-hover-height, max(100% , 25px));
        width: 100%;
        position: absolute;
        cursor: var(--media-cursor, pointer);

        -webkit-appearance: none; 
        -webkit-tap-highlight-color: transparent;
        background: transparent; 
        margin: 0;
        z-index: 1;
      }

      @media (hover: hover) {
        #range {
          bottom: var(--media-time-range-hover-bottom, 0);
          height: var(--media-time-range-hover-height, max(100%, 20px));
        }
      }

      
      
      #range::-webkit-slider-thumb {
        -webkit-appearance: none;
        background: transparent;
        width: .1px;
        height: .1px;
      }

      
      #range::-moz-range-thumb {
        background: transparent;
        border: transparent;
        width: .1px;
        height: .1px;
      }

      #appearance {
        height: var(--media-range-track-height, 4px);
        display: flex;
        flex-direction: column;
        justify-content: center;
        width: 100%;
        position: absolute;
        
        will-change: transform;
      }

      #track {
        background: var(--media-range-track-background, rgb(255 255 255 / .2));
        border-radius: var(--media-range-track-border-radius, 1px);
        border: var(--media-range-track-border, none);
        outline: var(--media-range-track-outline);
        outline-offset: var(--media-range-track-outline-offset);
        backdrop-filter: var(--media-range-track-backdrop-filter);
        -webkit-backdrop-filter: var(--media-range-track-backdrop-filter);
        box-shadow: var(--media-range-track-box-shadow, none);
        position: absolute;
        width: 100%;
        height: 100%;
        overflow: hidden;
      }

      #progress,
      #pointer {
        position: absolute;
        height: 100%;
        will-change: width;
      }

      #progress {
        background: var(--media-range-bar-color, var(--media-primary-color, rgb(238 238 238)));
        transition: var(--media-range-track-transition);
      }

      #pointer {
        background: var(--media-range-track-pointer-background);
        border-right: var(--media-range-track-pointer-border-right);
        transition: visibility .25s, opacity .25s;
        visibility: hidden;
        opacity: 0;
      }

      @media (hover: hover) {
        :host(:hover) #pointer {
          transition: visibility .5s, opacity .5s;
          visibility: visible;
          opacity: 1;
        }
      }

      #thumb,
      ::slotted([slot=thumb]) {
        width: var(--media-range-thumb-width, 10px);
        height: var(--media-range-thumb-height, 10px);
        transition: var(--media-range-thumb-transition);
        transform: var(--media-range-thumb-transform, none);
        opacity: var(--media-range-thumb-opacity, 1);
        translate: -50%;
        position: absolute;
        left: 0;
        cursor: var(--media-cursor, pointer);
      }

      #thumb {
        border-radius: var(--media-range-thumb-border-radius, 10px);
        background: var(--media-range-thumb-background, var(--media-primary-color, rgb(238 238 238)));
        box-shadow: var(--media-range-thumb-box-shadow, 1px 1px 1px transparent);
        border: var(--media-range-thumb-border, none);
      }

      :host([disabled]) #thumb {
        background-color: #777;
      }

      .segments #appearance {
        height: var(--media-range-segment-hover-height, 7px);
      }

      #track {
        clip-path: url(#segments-clipping);
      }

      #segments {
        --segments-gap: var(--media-range-segments-gap, 2px);
        position: absolute;
        width: 100%;
        height: 100%;
      }

      #segments-clipping {
        transform: translateX(calc(var(--segments-gap) / 2));
      }

      #segments-clipping:empty {
        display: none;
      }

      #segments-clipping rect {
        height: var(--media-range-track-height, 4px);
        y: calc((var(--media-range-segment-hover-height, 7px) - var(--media-range-track-height, 4px)) / 2);
        transition: var(--media-range-segment-transition, transform .1s ease-in-out);
        transform: var(--media-range-segment-transform, scaleY(1));
        transform-origin: center;
      }

      /* Visible label for accessibility - positioned off-screen but technically visible (Firefox requires visible labels) */
      #range-label {
        position: absolute;
        left: -10000px;
        background: var(--media-control-background, var(--media-secondary-color, rgb(20 20 30 / .7)));
        pointer-events: none;
      }
    </style>
    <div id="leftgap"></div>
    <div id="container">
      <div id="startpoint"></div>
      <div id="endpoint"></div>
      <div id="appearance">
        <div id="track" part="track">
          <div id="pointer"></div>
          <div id="progress" part="progress"></div>
        </div>
        <slot name="thumb">
          <div id="thumb" part="thumb"></div>
        </slot>
        <svg id="segments" aria-hidden="true"><clipPath id="segments-clipping"></clipPath></svg>
      </div>
        <input id="range" type="range" min="0" max="1" step="any" value="0">
        <label for="range" id="range-label"></label>

      ${this.getContainerTemplateHTML(t)}
    </div>
    <div id="rightgap"></div>
  `}function wo(t){return""}var re,_t,It,Lt,J,Mt,kt,Rt,wt,U,Zr,Li,Mi,ki,Jr,en,tn,rn,ve=class extends d.HTMLElement{constructor(){super();h(this,U);h(this,re);h(this,_t);h(this,It);h(this,Lt);h(this,J,{});h(this,Mt,[]);h(this,kt,()=>{if(this.range.matches(":focus-visible")){let{style:e}=w(this.shadowRoot,":host");e.setProperty("--_focus-visible-box-shadow","var(--_focus-box-shadow)")}});h(this,Rt,()=>{let{style:e}=w(this.shadowRoot,":host");e.removeProperty("--_focus-visible-box-shadow")});h(this,wt,()=>{let e=this.shadowRoot.querySelector("#segments-clipping");e&&e.parentNode.append(e)});if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes),r=this.constructor.getTemplateHTML(e);this.shadowRoot.setHTMLUnsafe?this.shadowRoot.setHTMLUnsafe(r):this.shadowRoot.innerHTML=r}this.container=this.shadowRoot.querySelector("#container"),E(this,It,this.shadowRoot.querySelector("#startpoint")),E(this,Lt,this.shadowRoot.querySelector("#endpoint")),this.range=this.shadowRoot.querySelector("#range"),this.appearance=this.shadowRoot.querySelector("#appearance")}static get observedAttributes(){return["disabled","aria-disabled",k.MEDIA_CONTROLLER]}attributeChangedCallback(e,r,n){e===k.MEDIA_CONTROLLER?(r&&(a(this,re)?.unassociateElement?.(this),E(this,re,null)),n&&this.isConnected&&(E(this,re,this.getRootNode()?.getElementById(n)),a(this,re)?.associateElement?.(this))):(e==="disabled"||e==="aria-disabled"&&r!==n)&&(n==null?(this.range.removeAttribute(e),g(this,U,Li).call(this)):(this.range.setAttribute(e,n),g(this,U,Mi).call(this)))}connectedCallback(){let{style:e}=w(this.shadowRoot,":host");e.setProperty("display",`var(--media-control-display, var(--${this.localName}-display, inline-flex))`),a(this,J).pointer=w(this.shadowRoot,"#pointer"),a(this,J).progress=w(this.shadowRoot,"#progress"),a(this,J).thumb=w(this.shadowRoot,'#thumb, ::slotted([slot="thumb"])'),a(this,J).activeSegment=w(this.shadowRoot,"#segments-clipping rect:nth-child(0)");let r=this.getAttribute(k.MEDIA_CONTROLLER);r&&(E(this,re,this.getRootNode()?.getElementById(r)),a(this,re)?.associateElement?.(this)),this.updateBar(),this.shadowRoot.addEventListener("focusin",a(this,kt)),this.shadowRoot.addEventListener("focusout",a(this,Rt)),g(this,U,Li).call(this),Bt(this.container,a(this,wt))}disconnectedCallback(){g(this,U,Mi).call(this),a(this,re)?.unassociateElement?.(this),E(this,re,null),this.shadowRoot.removeEventListener("focusin",a(this,kt)),this.shadowRoot.removeEventListener("focusout",a(this,Rt)),$t(this.container,a(this,wt))}updatePointerBar(e){a(this,J).pointer?.style.setProperty("width",`${this.getPointerRatio(e)*100}%`)}updateBar(){let e=this.range.valueAsNumber*100;a(this,J).progress?.style.setProperty("width",`${e}%`),a(this,J).thumb?.style.setProperty("left",`${e}%`)}updateSegments(e){let r=this.shadowRoot.querySelector("#segments-clipping");if(r.textContent="",this.container.classList.toggle("segments",!!e?.length),!e?.length)return;let n=[...new Set([+this.range.min,...e.flatMap(l=>[l.start,l.end]),+this.range.max])];E(this,Mt,[...n]);let s=n.pop();for(let[l,u]of n.entries()){let[m,f]=[l===0,l===n.length-1],A=m?"calc(var(--segments-gap) / -1)":`${u*100}%`,b=`calc(${((f?s:n[l+1])-u)*100}%${m||f?"":" - var(--segments-gap)"})`,T=H.createElementNS("http://www.w3.org/2000/svg","rect"),D=hi(this.shadowRoot,`#segments-clipping rect:nth-child(${l+1})`);D.style.setProperty("x",A),D.style.setProperty("width",b),r.append(T)}}getPointerRatio(e){return or(e.clientX,e.clientY,a(this,It).getBoundingClientRect(),a(this,Lt).getBoundingClientRect())}get dragging(){return this.hasAttribute("dragging")}handleEvent(e){switch(e.type){case"pointermove":g(this,U,rn).call(this,e);break;case"input":this.updateBar();break;case"pointerenter":g(this,U,Jr).call(this,e);break;case"pointerdown":g(this,U,ki).call(this,e);break;case"pointerup":g(this,U,en).call(this);break;case"pointerleave":g(this,U,tn).call(this);break}}get keysUsed(){return["ArrowUp","ArrowRight","ArrowDown","ArrowLeft"]}};re=new WeakMap,_t=new WeakMap,It=new WeakMap,Lt=new WeakMap,J=new WeakMap,Mt=new WeakMap,kt=new WeakMap,Rt=new WeakMap,wt=new WeakMap,U=new WeakSet,Zr=function(e){let r=a(this,J).activeSegment;if(!r)return;let n=this.getPointerRatio(e),l=`#segments-clipping rect:nth-child(${a(this,Mt).findIndex((u,m,f)=>{let A=f[m+1];return A!=null&&n>=u&&n<=A})+1})`;(r.selectorText!=l||!r.style.transform)&&(r.selectorText=l,r.style.setProperty("transform","var(--media-range-segment-hover-transform, scaleY(2))"))},Li=function(){this.hasAttribute("disabled")||!this.isConnected||(this.addEventListener("input",this),this.addEventListener("pointerdown",this),this.addEventListener("pointerenter",this))},Mi=function(){this.removeEventListener("input",this),this.removeEventListener("pointerdown",this),this.removeEventListener("pointerenter",this),this.removeEventListener("pointerleave",this),d.window?.removeEventListener("pointerup",this),d.window?.removeEventListener("pointermove",this)},ki=function(e){E(this,_t,e.composedPath().includes(this.range)),d.window?.addEventListener("pointerup",this,{once:!0})},Jr=function(e){e.pointerType!=="mouse"&&g(this,U,ki).call(this,e),this.addEventListener("pointerleave",this,{once:!0}),d.window?.addEventListener("pointermove",this)},en=function(){d.window?.removeEventListener("pointerup",this),this.toggleAttribute("dragging",!1),this.range.disabled=this.hasAttribute("disabled")},tn=function(){this.removeEventListener("pointerleave",this),d.window?.removeEventListener("pointermove",this),this.toggleAttribute("dragging",!1),this.range.disabled=this.hasAttribute("disabled"),a(this,J).activeSegment?.style.removeProperty("transform")},rn=function(e){e.pointerType==="pen"&&e.buttons===0||(this.toggleAttribute("dragging",e.buttons===1||e.pointerType!=="mouse"),this.updatePointerBar(e),g(this,U,Zr).call(this,e),this.dragging&&(e.pointerType!=="mouse"||!a(this,_t))&&(this.range.disabled=!0,this.range.valueAsNumber=this.getPointerRatio(e),this.range.dispatchEvent(new Event("input",{bubbles:!0,composed:!0}))))},ve.shadowRootOptions={mode:"open"},ve.getTemplateHTML=Ro,ve.getContainerTemplateHTML=wo;d.customElements.get("media-chrome-range")||d.customElements.define("media-chrome-range",ve);function xo(t){return`
    <style>
      :host {
        box-sizing: border-box;
        display: var(--media-control-display, var(--media-preview-thumbnail-display, inline-block));
        overflow: hidden;
      }

      img {
        display: none;
        position: relative;
      }
    </style>
    <img crossorigin loading="eager" decoding="async">
  `}var ne,Je=class extends d.HTMLElement{constructor(){super();h(this,ne);if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes);this.shadowRoot.innerHTML=this.constructor.getTemplateHTML(e)}}static get observedAttributes(){return[k.MEDIA_CONTROLLER,o.MEDIA_PREVIEW_IMAGE,o.MEDIA_PREVIEW_COORDS]}connectedCallback(){let e=this.getAttribute(k.MEDIA_CONTROLLER);e&&(E(this,ne,this.getRootNode()?.getElementById(e)),a(this,ne)?.associateElement?.(this))}disconnectedCallback(){a(this,ne)?.unassociateElement?.(this),E(this,ne,null)}attributeChangedCallback(e,r,n){[o.MEDIA_PREVIEW_IMAGE,o.MEDIA_PREVIEW_COORDS].includes(e)&&this.update(),e===k.MEDIA_CONTROLLER&&(r&&(a(this,ne)?.unassociateElement?.(this),E(this,ne,null)),n&&this.isConnected&&(E(this,ne,this.getRootNode()?.getElementById(n)),a(this,ne)?.associateElement?.(this)))}get mediaPreviewImage(){return P(this,o.MEDIA_PREVIEW_IMAGE)}set mediaPreviewImage(e){x(this,o.MEDIA_PREVIEW_IMAGE,e)}get mediaPreviewCoords(){let e=this.getAttribute(o.MEDIA_PREVIEW_COORDS);if(e)return e.split(/\s+/).map(r=>+r)}set mediaPreviewCoords(e){if(!e){this.removeAttribute(o.MEDIA_PREVIEW_COORDS);return}this.setAttribute(o.MEDIA_PREVIEW_COORDS,e.join(" "))}update(){let e=this.mediaPreviewCoords,r=this.mediaPreviewImage;if(!(e&&r))return;let[n,s,l,u]=e,m=r.split("#")[0],f=getComputedStyle(this),{maxWidth:A,maxHeight:I,minWidth:b,minHeight:T}=f,D=f.getPropertyValue("--media-preview-thumbnail-object-fit").trim()||"contain",L,M;if(D==="fill"){let de=parseInt(A)/l,le=parseInt(I)/u,ot=parseInt(b)/l,Ae=parseInt(T)/u;L=de<1?de:Math.max(de,ot),M=le<1?le:Math.max(le,Ae)}else{let de=Math.min(parseInt(A)/l,parseInt(I)/u),le=Math.max(parseInt(b)/l,parseInt(T)/u),Ae=de<1?de:le>1?le:1;L=Ae,M=Ae}let{style:O}=w(this.shadowRoot,":host"),K=w(this.shadowRoot,"img").style,te=this.shadowRoot.querySelector("img"),nt=Math.min(L,M)<1?"min":"max";O.setProperty(`${nt}-width`,"initial","important"),O.setProperty(`${nt}-height`,"initial","important"),O.width=`${l*L}px`,O.height=`${u*M}px`;let Be=()=>{K.width=`${this.imgWidth*L}px`,K.height=`${this.imgHeight*M}px`,K.display="block"};te.src!==m&&(te.onload=()=>{this.imgWidth=te.naturalWidth,this.imgHeight=te.naturalHeight,Be(),te.onload=null},te.src=m,Be()),Be(),K.transform=`translate(-${n*L}px, -${s*M}px)`}};ne=new WeakMap,Je.shadowRootOptions={mode:"open"},Je.getTemplateHTML=xo;d.customElements.get("media-preview-thumbnail")||d.customElements.define("media-preview-thumbnail",Je);var Ri=Je;function Do(t,i={}){return`
    <style>
      :host {
        font: var(--media-font,
          var(--media-font-weight, normal)
          var(--media-font-size, 14px) /
          var(--media-text-content-height, var(--media-control-height, 24px))
          var(--media-font-family, helvetica neue, segoe ui, roboto, arial, sans-serif));
        color: var(--media-text-color, var(--media-primary-color, rgb(238 238 238)));
        background: var(--media-text-background, var(--media-control-background, var(--media-secondary-color, rgb(20 20 30 / .7))));
        padding: var(--media-control-padding, 10px);
        display: inline-flex;
        justify-content: center;
        align-items: center;
        vertical-align: middle;
        box-sizing: border-box;
        text-align: center;
        pointer-events: auto;
      }

      
      :host(:focus-visible) {
        box-shadow: var(--media-focus-box-shadow, inset 0 0 0 2px rgb(27 127 204 / .9));
        outline: 0;
      }

      
      :host(:where(:focus)) {
        box-shadow: none;
        outline: 0;
      }
    </style>

    ${this.getSlotTemplateHTML(t,i)}
  `}function Co(t,i){return`
    <slot></slot>
  `}var oe,ee=class extends d.HTMLElement{constructor(){super();h(this,oe);if(!this.shadowRoot){this.attachShadow(this.constructor.shadowRootOptions);let e=$(this.attributes);this.shadowRoot.innerHTML=this.constructor.getTemplateHTML(e)}}static get observedAttributes(){return[k.MEDIA_CONTROLLER]}attributeChangedCallback(e,r,n){e===k.MEDIA_CONTROLLER&&(r&&(a(this,oe)?.unassociateElement?.(this),E(this,oe,null)),n&&this.isConnected&&(E(this,oe,this.getRootNode()?.getElementById(n)),a(this,oe)?.associateElement?.(this)))}connectedCallback(){let{style:e}=w(this.shadowRoot,":host");e.setProperty("display",`var(--media-control-display, var(--${this.localName}-display, inline-flex))`);let r=this.getAttribute(k.MEDIA_CONTROLLER);r&&(E(this,oe,this.getRootNode()?.getElementById(r)),a(this,oe)?.associateElement?.(this))}disconnectedCallback(){a(this,oe)?.unassociateElement?.(this),E(this,oe,null)}};oe=new WeakMap,ee.shadowRootOptions={mode:"open"},ee.getTemplateHTML=Do,ee.getSlotTemplateHTML=Co;d.customElements.get("media-text-display")||d.customElements.define("media-text-display",ee);var nn=[{singular:"hour",plural:"hours"},{singular:"minute",plural:"minutes"},{singular:"second",plural:"seconds"}],on=(t,i)=>{let e=t===1?y(nn[i].singular):y(nn[i].plural);return`${t} ${e}`},Oe=t=>{if(!Ye(t))return"";let i=Math.abs(t),e=i!==t,r=new Date(0,0,0,0,0,i,0),s=[r.getHours(),r.getMinutes(),r.getSeconds()].map((l,u)=>l&&on(l,u)).filter(l=>l).join(", ");return e?y("{time} remaining",{time:s}):i===0?on(0,2):s};function Ue(t,i){let e=!1;t<0&&(e=!0,t=0-t),t=t<0?0:t;let r=Math.floor(t%60),n=Math.floor(t/60%60),s=Math.floor(t/3600),l=Math.floor(i/60%60),u=Math.floor(i/3600);return(isNaN(t)||t===1/0)&&(s=n=r="0"),s=s>0||u>0?s+":":"",n=((s||l>=10)&&n<10?"0"+n:n)+":",r=r<10?"0"+r:r,(e?"-":"")+s+n+r}var Ad=Object.freeze({length:0,start(t){let i=t>>>0;if(i>=this.length)throw new DOMException(`Failed to execute 'start' on 'TimeRanges': The index provided (${i}) is greater than or equal to the maximum bound (${this.length}).`);return 0},end(t){let i=t>>>0;if(i>=this.length)throw new DOMException(`Failed to execute 'end' on 'TimeRanges': The index provided (${i}) is greater than or equal to the maximum bound (${this.length}).`);return 0}});var wi=class extends ee{#t;static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_PREVIEW_TIME]}constructor(){super(),this.#t=this.shadowRoot.querySelector("slot"),this.#t.textContent=Ue(0)}attributeChangedCallback(i,e,r){super.attributeChangedCallback(i,e,r),i===o.MEDIA_PREVIEW_TIME&&r!=null&&(this.#t.textContent=Ue(parseFloat(r)))}get mediaPreviewTime(){return Q(this,o.MEDIA_PREVIEW_TIME)}set mediaPreviewTime(i){j(this,o.MEDIA_PREVIEW_TIME,i)}};d.customElements.get("media-preview-time-display")||d.customElements.define("media-preview-time-display",wi);var xi=class extends ee{#t;static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_PREVIEW_CHAPTER,o.MEDIA_LANG]}constructor(){super(),this.#t=this.shadowRoot.querySelector("slot")}attributeChangedCallback(i,e,r){if(super.attributeChangedCallback(i,e,r),(i===o.MEDIA_PREVIEW_CHAPTER||i===o.MEDIA_LANG)&&r!==e&&r!=null)if(this.#t.textContent=r,r!==""){let n=y("chapter: {chapterName}",{chapterName:r});this.setAttribute("aria-valuetext",n)}else this.removeAttribute("aria-valuetext")}get mediaPreviewChapter(){return P(this,o.MEDIA_PREVIEW_CHAPTER)}set mediaPreviewChapter(i){x(this,o.MEDIA_PREVIEW_CHAPTER,i)}};d.customElements.get("media-preview-chapter-display")||d.customElements.define("media-preview-chapter-display",xi);var ei=class{#t;#n;#e;#i;#r;#o;#l;#s;#a=0;constructor(i,e,r){this.#t=i,this.callback=e,this.fps=r}start(){this.#a===0&&(this.#e=performance.now(),this.#n=this.#e,this.#r=0,this.#d())}stop(){this.#a!==0&&(cancelAnimationFrame(this.#a),this.#a=0)}update({start:i,duration:e,playbackRate:r}){let n=i-this.#t.valueAsNumber,s=Math.abs(e-this.duration);(n>0||n<-.5/e||s>=.5)&&this.callback(i),this.#l=i,this.#o=performance.now(),this.duration=e,this.playbackRate=r}#d=(i=performance.now())=>{this.#a=requestAnimationFrame(this.#d),this.#i=performance.now()-this.#e;let e=1e3/this.fps;if(this.#i>e){this.#e=i-this.#i%e;let r=1e3/((i-this.#n)/++this.#r),n=(i-this.#o)/1e3/this.duration,s=this.#l+n*this.playbackRate;s-this.#t.valueAsNumber>0?this.#s=this.playbackRate/this.duration/r:(this.#s=.995*this.#s,s=this.#t.valueAsNumber+this.#s),this.callback(s)}}};var Po=t=>{let i=t.range,e=Oe(+sn(t)),r=Oe(+t.mediaSeekableEnd),n=e&&r?y("{currentTime} of {totalTime}",{currentTime:e,totalTime:r}):y("video not loaded, unknown time.");i.setAttribute("aria-valuetext",n)};function Oo(t){return`
    <style>
      :host {
        --media-box-border-radius: 4px;
        --media-box-padding-left: 10px;
        --media-box-padding-right: 10px;
        --media-preview-border-radius: var(--media-box-border-radius);
        --media-box-arrow-offset: var(--media-box-border-radius);
        --_control-background: var(--media-control-background, var(--media-secondary-color, rgb(20 20 30 / .7)));
        --_preview-background: var(--media-preview-background, var(--_control-background));

        
        contain: layout;
      }

      #buffered {
        background: var(--media-time-range-buffered-color, rgb(255 255 255 / .4));
        position: absolute;
        height: 100%;
        will-change: width;
      }

      #preview-rail,
      #current-rail {
        width: 100%;
        position: absolute;
        left: 0;
        bottom: 100%;
        pointer-events: none;
        will-change: transform;
      }

      [part~="box"] {
        width: min-content;
        
        position: absolute;
        bottom: 100%;
        flex-direction: column;
        align-items: center;
        transform: translateX(-50%);
      }

      [part~="current-box"] {
        display: var(--media-current-box-display, var(--media-box-display, flex));
        margin: var(--media-current-box-margin, var(--media-box-margin, 0 0 5px));
        visibility: hidden;
      }

      [part~="preview-box"] {
        display: var(--media-preview-box-display, var(--media-box-display, flex));
        margin: var(--media-preview-box-margin, var(--media-box-margin, 0 0 5px));
        transition-property: var(--media-preview-transition-property, visibility, opacity);
        transition-duration: var(--media-preview-transition-duration-out, .25s);
        transition-delay: var(--media-preview-transition-delay-out, 0s);
        visibility: hidden;
        opacity: 0;
      }

      :host(:is([${o.MEDIA_PREVIEW_IMAGE}], [${o.MEDIA_PREVIEW_TIME}])[dragging]) [part~="preview-box"] {
        transition-duration: var(--media-preview-transition-duration-in, .5s);
        transition-delay: var(--media-preview-transition-delay-in, .25s);
        visibility: visible;
        opacity: 1;
      }

      @media (hover: hover) {
        :host(:is([${o.MEDIA_PREVIEW_IMAGE}], [${o.MEDIA_PREVIEW_TIME}]):hover) [part~="preview-box"] {
          transition-duration: var(--media-preview-transition-duration-in, .5s);
          transition-delay: var(--media-preview-transition-delay-in, .25s);
          visibility: visible;
          opacity: 1;
        }
      }

      media-preview-thumbnail,
      ::slotted(media-preview-thumbnail) {
        visibility: hidden;
        
        transition: visibility 0s .25s;
        transition-delay: calc(var(--media-preview-transition-delay-out, 0s) + var(--media-preview-transition-duration-out, .25s));
        background: var(--media-preview-thumbnail-background, var(--_preview-background));
        box-shadow: var(--media-preview-thumbnail-box-shadow, 0 0 4px rgb(0 0 0 / .2));
        max-width: var(--media-preview-thumbnail-max-width, 180px);
        max-height: var(--media-preview-thumbnail-max-height, 160px);
        min-width: var(--media-preview-thumbnail-min-width, 120px);
        min-height: var(--media-preview-thumbnail-min-height, 80px);
        border: var(--media-preview-thumbnail-border);
        border-radius: var(--media-preview-thumbnail-border-radius,
          var(--media-preview-border-radius) var(--media-preview-border-radius) 0 0);
      }

      :host([${o.MEDIA_PREVIEW_IMAGE}][dragging]) media-preview-thumbnail,
      :host([${o.MEDIA_PREVIEW_IMAGE}][dragging]) ::slotted(media-preview-thumbnail) {
        transition-delay: var(--media-preview-transition-delay-in, .25s);
        visibility: visible;
      }

      @media (hover: hover) {
        :host([${o.MEDIA_PREVIEW_IMAGE}]:hover) media-preview-thumbnail,
        :host([${o.MEDIA_PREVIEW_IMAGE}]:hover) ::slotted(media-preview-thumbnail) {
          transition-delay: var(--media-preview-transition-delay-in, .25s);
          visibility: visible;
        }

        :host([${o.MEDIA_PREVIEW_TIME}]:hover) {
          --media-time-range-hover-display: block;
        }
      }

      media-preview-chapter-display,
      ::slotted(media-preview-chapter-display) {
        font-size: var(--media-font-size, 13px);
        line-height: 17px;
        min-width: 0;
        visibility: hidden;
        
        transition: min-width 0s, border-radius 0s, margin 0s, padding 0s, visibility 0s;
        transition-delay: calc(var(--media-preview-transition-delay-out, 0s) + var(--media-preview-transition-duration-out, .25s));
        background: var(--media-preview-chapter-background, var(--_preview-background));
        border-radius: var(--media-preview-chapter-border-radius,
          var(--media-preview-border-radius) var(--media-preview-border-radius)
          var(--media-preview-border-radius) var(--media-preview-border-radius));
        padding: var(--media-preview-chapter-padding, 3.5px 9px);
        margin: var(--media-preview-chapter-margin, 0 0 5px);
        text-shadow: var(--media-preview-chapter-text-shadow, 0 0 4px rgb(0 0 0 / .75));
      }

      :host([${o.MEDIA_PREVIEW_IMAGE}]) media-preview-chapter-display,
      :host([${o.MEDIA_PREVIEW_IMAGE}]) ::slotted(media-preview-chapter-display) {
        transition-delay: var(--media-preview-transition-delay-in, .25s);
        border-radius: var(--media-preview-chapter-border-radius, 0);
        padding: var(--media-preview-chapter-padding, 3.5px 9px 0);
        margin: var(--media-preview-chapter-margin, 0);
        min-width: 100%;
      }

      media-preview-chapter-display[${o.MEDIA_PREVIEW_CHAPTER}],
      ::slotted(media-preview-chapter-display[${o.MEDIA_PREVIEW_CHAPTER}]) {
        visibility: visible;
      }

      media-preview-chapter-display:not([aria-valuetext]),
      ::slotted(media-preview-chapter-display:not([aria-valuetext])) {
        display: none;
      }

      media-preview-time-display,
      ::slotted(media-preview-time-display),
      media-time-display,
      ::slotted(media-time-display) {
        font-size: var(--media-font-size, 13px);
        line-height: 17px;
        min-width: 0;
        
        transition: min-width 0s, border-radius 0s;
        transition-delay: calc(var(--media-preview-transition-delay-out, 0s) + var(--media-preview-transition-duration-out, .25s));
        background: var(--media-preview-time-background, var(--_preview-background));
        border-radius: var(--media-preview-time-border-radius,
          var(--media-preview-border-radius) var(--media-preview-border-radius)
          var(--media-preview-border-radius) var(--media-preview-border-radius));
        padding: var(--media-preview-time-padding, 3.5px 9px);
        margin: var(--media-preview-time-margin, 0);
        text-shadow: var(--media-preview-time-text-shadow, 0 0 4px rgb(0 0 0 / .75));
        transform: translateX(min(
          max(calc(50% - var(--_box-width) / 2),
          calc(var(--_box-shift, 0))),
          calc(var(--_box-width) / 2 - 50%)
        ));
      }

      :host([${o.MEDIA_PREVIEW_IMAGE}]) media-preview-time-display,
      :host([${o.MEDIA_PREVIEW_IMAGE}]) ::slotted(media-preview-time-display) {
        transition-delay: var(--media-preview-transition-delay-in, .25s);
        border-radius: var(--media-preview-time-border-radius,
          0 0 var(--media-preview-border-radius) var(--media-preview-border-radius));
        min-width: 100%;
      }

      :host([${o.MEDIA_PREVIEW_TIME}]:hover) {
        --media-time-range-hover-display: block;
      }

      [part~="arrow"],
      ::slotted([part~="arrow"]) {
        display: var(--media-box-arrow-display, inline-block);
        transform: translateX(min(
          max(calc(50% - var(--_box-width) / 2 + var(--media-box-arrow-offset)),
          calc(var(--_box-shift, 0))),
          calc(var(--_box-width) / 2 - 50% - var(--media-box-arrow-offset))
        ));
        
        border-color: transparent;
        border-top-color: var(--media-box-arrow-background, var(--_control-background));
        border-width: var(--media-box-arrow-border-width,
          var(--media-box-arrow-height, 5px) var(--media-box-arrow-width, 6px) 0);
        border-style: solid;
        justify-content: center;
        height: 0;
      }
    </style>
    <div id="preview-rail">
      <slot name="preview" part="box preview-box">
        <media-preview-thumbnail>
          <template shadowrootmode="${Ri.shadowRootOptions.mode}">
            ${Ri.getTemplateHTML({})}
          </template>
        </media-preview-thumbnail>
        <media-preview-chapter-display></media-preview-chapter-display>
        <media-preview-time-display></media-preview-time-display>
        <slot name="preview-arrow"><div part="arrow"></div></slot>
      </slot>
    </div>
    <div id="current-rail">
      <slot name="current" part="box current-box">
        
      </slot>
    </div>
  `}var ti=(t,i=t.mediaCurrentTime)=>{let e=Number.isFinite(t.mediaSeekableStart)?t.mediaSeekableStart:0,r=Number.isFinite(t.mediaDuration)?t.mediaDuration:t.mediaSeekableEnd;if(Number.isNaN(r))return 0;let n=(i-e)/(r-e);return Math.max(0,Math.min(n,1))},sn=(t,i=t.range.valueAsNumber)=>{let e=Number.isFinite(t.mediaSeekableStart)?t.mediaSeekableStart:0,r=Number.isFinite(t.mediaDuration)?t.mediaDuration:t.mediaSeekableEnd;return Number.isNaN(r)?0:i*(r-e)+e},Ne,me,Dt,et,Ct,Pt,tt,it,He,Fe,rt,N,an,ri,Di,Ci,Pi,dn,ii,ln,xt=class extends ve{constructor(){super();h(this,N);h(this,Ne,null);h(this,me);h(this,Dt);h(this,et);h(this,Ct);h(this,Pt);h(this,tt);h(this,it);h(this,He);h(this,Fe);h(this,rt,()=>{g(this,N,an).call(this)?a(this,me).start():a(this,me).stop()});h(this,ri,e=>{this.dragging||(Ye(e)&&(this.range.valueAsNumber=e),a(this,Fe)||this.updateBar())});this.shadowRoot.querySelector("#track").insertAdjacentHTML("afterbegin",'<div id="buffered" part="buffered"></div>'),E(this,Dt,this.shadowRoot.querySelectorAll('[part~="box"]')),E(this,Ct,this.shadowRoot.querySelector('[part~="preview-box"]')),E(this,Pt,this.shadowRoot.querySelector('[part~="current-box"]'));let r=getComputedStyle(this);E(this,tt,parseInt(r.getPropertyValue("--media-box-padding-left"))),E(this,it,parseInt(r.getPropertyValue("--media-box-padding-right"))),E(this,me,new ei(this.range,a(this,ri),60))}static get observedAttributes(){return[...super.observedAttributes,o.MEDIA_PAUSED,o.MEDIA_DURATION,o.MEDIA_SEEKABLE,o.MEDIA_CURRENT_TIME,o.MEDIA_PREVIEW_IMAGE,o.MEDIA_PREVIEW_TIME,o.MEDIA_PREVIEW_CHAPTER,o.MEDIA_BUFFERED,o.MEDIA_PLAYBACK_RATE,o.MEDIA_LOADING,o.MEDIA_ENDED]}connectedCallback(){super.connectedCallback(),this.range.setAttribute("aria-label",y("seek")),a(this,rt).call(this),E(this,Ne,this.getRootNode()),a(this,Ne)?.addEventListener("transitionstart",this)}disconnectedCallback(){super.disconnectedCallback(),a(this,me).stop(),a(this,Ne)?.removeEventListener("transitionstart",this),E(this,Ne,null)}attributeChangedCallback(e,r,n){super.attributeChangedCallback(e,r,n),r!=n&&(e===o.MEDIA_CURRENT_TIME||e===o.MEDIA_PAUSED||e===o.MEDIA_ENDED||e===o.MEDIA_LOADING||e===o.MEDIA_DURATION||e===o.MEDIA_SEEKABLE?(a(this,me).update({start:ti(this),duration:this.mediaSeekableEnd-this.mediaSeekableStart,playbackRate:this.mediaPlaybackRate}),a(this,rt).call(this),Po(this)):e===o.MEDIA_BUFFERED&&this.updateBufferedBar(),(e===o.MEDIA_DURATION||e===o.MEDIA_SEEKABLE)&&(this.mediaChaptersCues=a(this,He),this.updateBar()))}get mediaChaptersCues(){return a(this,He)}set mediaChaptersCues(e){E(this,He,e),this.updateSegments(a(this,He)?.map(r=>({start:ti(this,r.startTime),end:ti(this,r.endTime)})))}get mediaPaused(){return S(this,o.MEDIA_PAUSED)}set mediaPaused(e){_(this,o.MEDIA_PAUSED,e)}get mediaLoading(){return S(this,o.MEDIA_LOADING)}set mediaLoading(e){_(this,o.MEDIA_LOADING,e)}get mediaDuration(){return Q(this,o.MEDIA_DURATION)}set mediaDuration(e){j(this,o.MEDIA_DURATION,e)}get mediaCurrentTime(){return Q(this,o.MEDIA_CURRENT_TIME)}set mediaCurrentTime(e){j(this,o.MEDIA_CURRENT_TIME,e)}get mediaPlaybackRate(){return Q(this,o.MEDIA_PLAYBACK_RATE,1)}set mediaPlaybackRate(e){j(this,o.MEDIA_PLAYBACK_RATE,e)}get mediaBuffered(){let e=this.getAttribute(o.MEDIA_BUFFERED);return e?e.split(" ").map(r=>r.split(":").map(n=>+n)):[]}set mediaBuffered(e){if(!e){this.removeAttribute(o.MEDIA_BUFFERED);return}let r=e.map(n=>n.join(":")).join(" ");this.setAttribute(o.MEDIA_BUFFERED,r)}get mediaSeekable(){let e=this.getAttribute(o.MEDIA_SEEKABLE);if(e)return e.split(":").map(r=>+r)}set mediaSeekable(e){if(e==null){this.removeAttribute(o.MEDIA_SEEKABLE);return}this.setAttribute(o.MEDIA_SEEKABLE,e.join(":"))}get mediaSeekableEnd(){let[,e=this.mediaDuration]=this.mediaSeekable??[];return e}get mediaSeekableStart(){let[e=0]=this.mediaSeekable??[];return e}get mediaPreviewImage(){return P(this,o.MEDIA_PREVIEW_IMAGE)}set mediaPreviewImage(e){x(this,o.MEDIA_PREVIEW_IMAGE,e)}get mediaPreviewTime(){return Q(this,o.MEDIA_PREVIEW_TIME)}set mediaPreviewTime(e){j(this,o.MEDIA_PREVIEW_TIME,e)}get mediaEnded(){return S(this,o.MEDIA_ENDED)}set mediaEnded(e){_(this,o.MEDIA_ENDED,e)}updateBar(){super.updateBar(),this.updateBufferedBar(),this.updateCurrentBox()}updateBufferedBar(){let e=this.mediaBuffered;if(!e.length)return;let r;if(this.mediaEnded)r=1;else{let s=this.mediaCurrentTime,[,l=this.mediaSeekableStart]=e.find(([u,m])=>u<=s&&s<=m)??[];r=ti(this,l)}let{style:n}=w(this.shadowRoot,"#buffered");n.setProperty("width",`${r*100}%`)}updateCurrentBox(){if(!this.shadowRoot.querySelector('slot[name="current"]').assignedElements().length)return;let r=w(this.shadowRoot,"#current-rail"),n=w(this.shadowRoot,'[part~="current-box"]'),s=g(this,N,Di).call(this,a(this,Pt)),l=g(this,N,Ci).call(this,s,this.range.valueAsNumber),u=g(this,N,Pi).call(this,s,this.range.valueAsNumber);r.style.transform=`translateX(${l})`,r.style.setProperty("--_range-width",`${s.range.width}`),n.style.setProperty("--_box-shift",`${u}`),n.style.setProperty("--_box-width",`${s.box.width}px`),n.style.setProperty("visibility","initial")}handleEvent(e){switch(super.handleEvent(e),e.type){case"input":g(this,N,ln).call(this);break;case"pointermove":g(this,N,dn).call(this,e);break;case"pointerup":a(this,Fe)&&E(this,Fe,!1);break;case"pointerdown":E(this,Fe,!0);break;case"pointerleave":g(this,N,ii).call(this,null);break;case"transitionstart":ae(e.target,this)&&setTimeout(()=>a(this,rt).call(this),0);break}}};Ne=new WeakMap,me=new WeakMap,Dt=new WeakMap,et=new WeakMap,Ct=new WeakMap,Pt=new WeakMap,tt=new WeakMap,it=new WeakMap,He=new WeakMap,Fe=new WeakMap,rt=new WeakMap,N=new WeakSet,an=function(){return this.isConnected&&!this.mediaPaused&&!this.mediaLoading&&!this.mediaEnded&&this.mediaSeekableEnd>0&&Kt(this)},ri=new WeakMap,Di=function(e){let n=((this.getAttribute("bounds")?Ee(this,`#${this.getAttribute("bounds")}`):this.parentElement)??this).getBoundingClientRect(),s=this.range.getBoundingClientRect(),l=e.offsetWidth,u=-(s.left-n.left-l/2),m=n.right-s.left-l/2;return{box:{width:l,min:u,max:m},bounds:n,range:s}},Ci=function(e,r){let n=`${r*100}%`,{width:s,min:l,max:u}=e.box;if(!s)return n;if(Number.isNaN(l)||(n=`max(${`calc(1 / var(--_range-width) * 100 * ${l}% + var(--media-box-padding-left))`}, ${n})`),!Number.isNaN(u)){let f=`calc(1 / var(--_range-width) * 100 * ${u}% - var(--media-box-padding-right))`;n=`min(${n}, ${f})`}return n},Pi=function(e,r){let{width:n,min:s,max:l}=e.box,u=r*e.range.width;if(u<s+a(this,tt)){let m=e.range.left-e.bounds.left-a(this,tt);return`${u-n/2+m}px`}if(u>l-a(this,it)){let m=e.bounds.right-e.range.right-a(this,it);return`${u+n/2-m-e.range.width}px`}return 0},dn=function(e){let r=[...a(this,Dt)].some(b=>e.composedPath().includes(b));if(!this.dragging&&(r||!e.composedPath().includes(this))){g(this,N,ii).call(this,null);return}let n=this.mediaSeekableEnd;if(!n)return;let s=w(this.shadowRoot,"#preview-rail"),l=w(this.shadowRoot,'[part~="preview-box"]'),u=g(this,N,Di).call(this,a(this,Ct)),m=(e.clientX-u.range.left)/u.range.width;m=Math.max(0,Math.min(1,m));let f=g(this,N,Ci).call(this,u,m),A=g(this,N,Pi).call(this,u,m);s.style.transform=`translateX(${f})`,s.style.setProperty("--_range-width",`${u.range.width}`),l.style.setProperty("--_box-shift",`${A}`),l.style.setProperty("--_box-width",`${u.box.width}px`);let I=Math.round(a(this,et))-Math.round(m*n);Math.abs(I)<1&&m>.01&&m<.99||(E(this,et,m*n),g(this,N,ii).call(this,a(this,et)))},ii=function(e){this.dispatchEvent(new d.CustomEvent(p.MEDIA_PREVIEW_REQUEST,{composed:!0,bubbles:!0,detail:e}))},ln=function(){a(this,me).stop();let e=sn(this);this.dispatchEvent(new d.CustomEvent(p.MEDIA_SEEK_REQUEST,{composed:!0,bubbles:!0,detail:e}))},xt.shadowRootOptions={mode:"open"},xt.getContainerTemplateHTML=Oo;d.customElements.get("media-time-range")||d.customElements.define("media-time-range",xt);var Te={REMAINING:"remaining",SHOW_DURATION:"showduration",NO_TOGGLE:"notoggle"},un=[...Object.values(Te),o.MEDIA_CURRENT_TIME,o.MEDIA_DURATION,o.MEDIA_SEEKABLE],cn=["Enter"," "],Uo="&nbsp;/&nbsp;",Oi=(t,{timesSep:i=Uo}={})=>{let e=t.mediaCurrentTime??0,[,r]=t.mediaSeekable??[],n=0;Number.isFinite(t.mediaDuration)?n=t.mediaDuration:Number.isFinite(r)&&(n=r);let s=t.remaining?Ue(0-(n-e)):Ue(e);return t.showDuration?`${s}${i}${Ue(n)}`:s},No=t=>{let i=t.mediaCurrentTime,[,e]=t.mediaSeekable??[],r=null;if(Number.isFinite(t.mediaDuration)?r=t.mediaDuration:Number.isFinite(e)&&(r=e),i==null||r===null){t.setAttribute("aria-description",y("video not loaded, unknown time."));return}let n=t.remaining?Oe(0-(r-i)):Oe(i);if(!t.showDuration){t.setAttribute("aria-description",n);return}let s=Oe(r),l=y("{currentTime} of {totalTime}",{currentTime:n,totalTime:s});t.setAttribute("aria-description",l)};function Ho(t,i){return`
    <slot>${Oi(i)}</slot>
  `}var Fo=t=>{t.setAttribute("aria-label",y("playback time"))},Ve,se,Ot,z,mn,Ui,oi,Ni,ni=class extends ee{constructor(){super();h(this,z);h(this,Ve);h(this,se,null);h(this,Ot,e=>{let{metaKey:r,altKey:n,key:s}=e;if(r||n||!cn.includes(s)){this.removeEventListener("keyup",a(this,se));return}this.addEventListener("keyup",a(this,se))});E(this,Ve,this.shadowRoot.querySelector("slot")),a(this,Ve).innerHTML=`${Oi(this)}`}static get observedAttributes(){return[...super.observedAttributes,...un,"disabled"]}connectedCallback(){let{style:e}=w(this.shadowRoot,":host(:hover:not([notoggle]))");e.setProperty("cursor","var(--media-cursor, pointer)"),e.setProperty("background","var(--media-control-hover-background, rgba(50 50 70 / .7))"),this.setAttribute("aria-label",y("playback time")),g(this,z,oi).call(this),super.connectedCallback()}toggleTimeDisplay(){this.noToggle||(this.hasAttribute("remaining")?this.removeAttribute("remaining"):this.setAttribute("remaining",""))}disconnectedCallback(){this.disable(),g(this,z,Ui).call(this),super.disconnectedCallback()}attributeChangedCallback(e,r,n){Fo(this),un.includes(e)?this.update():e==="disabled"&&n!==r?n==null?g(this,z,oi).call(this):g(this,z,Ni).call(this):e===Te.NO_TOGGLE&&n!==r&&(this.noToggle?g(this,z,Ni).call(this):g(this,z,oi).call(this)),super.attributeChangedCallback(e,r,n)}enable(){this.noToggle||(this.tabIndex=0)}disable(){this.tabIndex=-1}get remaining(){return S(this,Te.REMAINING)}set remaining(e){_(this,Te.REMAINING,e)}get showDuration(){return S(this,Te.SHOW_DURATION)}set showDuration(e){_(this,Te.SHOW_DURATION,e)}get noToggle(){return S(this,Te.NO_TOGGLE)}set noToggle(e){_(this,Te.NO_TOGGLE,e)}get mediaDuration(){return Q(this,o.MEDIA_DURATION)}set mediaDuration(e){j(this,o.MEDIA_DURATION,e)}get mediaCurrentTime(){return Q(this,o.MEDIA_CURRENT_TIME)}set mediaCurrentTime(e){j(this,o.MEDIA_CURRENT_TIME,e)}get mediaSeekable(){let e=this.getAttribute(o.MEDIA_SEEKABLE);if(e)return e.split(":").map(r=>+r)}set mediaSeekable(e){if(e==null){this.removeAttribute(o.MEDIA_SEEKABLE);return}this.setAttribute(o.MEDIA_SEEKABLE,e.join(":"))}update(){let e=Oi(this);No(this),e!==a(this,Ve).innerHTML&&(a(this,Ve).innerHTML=e)}};Ve=new WeakMap,se=new WeakMap,Ot=new WeakMap,z=new WeakSet,mn=function(){a(this,se)||(E(this,se,e=>{let{key:r}=e;if(!cn.includes(r)){this.removeEventListener("keyup",a(this,se));return}this.toggleTimeDisplay()}),this.addEventListener("keydown",a(this,Ot)),this.addEventListener("click",this.toggleTimeDisplay))},Ui=function(){a(this,se)&&(this.removeEventListener("keyup",a(this,se)),this.removeEventListener("keydown",a(this,Ot)),this.removeEventListener("click",this.toggleTimeDisplay),E(this,se,null))},oi=function(){!this.noToggle&&!this.hasAttribute("disabled")&&(this.setAttribute("role","button"),this.enable(),g(this,z,mn).call(this))},Ni=function(){this.removeAttribute("role"),this.disable(),g(this,z,Ui).call(this)},ni.getSlotTemplateHTML=Ho;d.customElements.get("media-time-display")||d.customElements.define("media-time-display",ni);
